package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Engines;
import io.audioinsight.audio.SpeakerEngines;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.support.Http;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The target "the job's answer equals the synchronous answer on a 10-minute file to within rounding", for
 * each operation: a 600 s recording of two real voices taking turns over steady noise, sent once to the synchronous
 * route and once as a job cut into five chunks of 120 s ({@code jobs.chunk_seconds}), with the service's default
 * engines (Silero voice activity, the embedding speaker counter) and the default {@code jobs.context_seconds}. Every
 * field of the two answers but {@code timing} must agree to the unit of its rounding: with a pool of two the chunks
 * form two runs (chunks 0-1 and 2-4); a run's first chunk is analysed with 64 s of audio before it, so Silero's
 * recurrent state enters it as in the whole file, and the others go on from the state the chunk before them handed
 * on (RunningJob, VadCarry); all with the whole file's mean taken out, and a 10-minute file's speakers are counted at the join from its whole speech, as the synchronous
 * route counts them.
 */
@ExtendWith(VertxExtension.class)
class JobsTenMinuteEqualityTest {

  private static final int RATE = 16_000;
  private static final double SECONDS = 600;
  private static final double CHUNK_S = 120;
  private static byte[] tenMinutes;
  private static Service service;
  private static io.audioinsight.support.CapturedLogs logs;

  @BeforeAll
  static void start() throws Exception {
    logs = io.audioinsight.support.CapturedLogs.start();
    tenMinutes = TestAudio.pcm16Wav(recording(), RATE, 1);
    service = TestServices.startWarm(TestServices.config(Map.of("jobs.chunk_seconds", String.valueOf((int) CHUNK_S),
        // ten minutes analysed synchronously on two busy cores can pass the default 30 s deadline
        "inference.default_timeout_ms", "900000", "inference.max_timeout_ms", "900000")),
        Engines.create(VadEngines.Engine.AUTO, SpeakerEngines.Engine.AUTO, Optional.empty()));
  }

  @AfterAll
  static void stop() throws Exception {
    logs.close();
    TestServices.stop(service);
  }

  /**
   * The Russian and the Spanish tuxpaint narrators taking turns of 5 to 9 s, 0.3 to 1.5 s apart, each going on
   * where it stopped, over white noise about 20 dB below the speech.
   */
  private static float[] recording() {
    float[][] voices = {voice("tuxru.opus"), voice("tuxes.opus")};
    float[] out = new float[(int) Math.round(SECONDS * RATE)];
    Random random = new Random(20);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (random.nextGaussian() * 0.003);
    }
    int[] read = new int[voices.length];
    int at = 0;
    for (int t = 0; at < out.length; t++) {
      float[] v = voices[t % voices.length];
      int turn = (int) ((5 + 4 * random.nextDouble()) * RATE);
      for (int i = 0; i < turn && at < out.length; i++) {
        out[at++] += v[read[t % voices.length]];
        read[t % voices.length] = (read[t % voices.length] + 1) % v.length;
      }
      at += (int) ((0.3 + 1.2 * random.nextDouble()) * RATE);
    }
    return out;
  }

  private static float[] voice(String clip) {
    try (InputStream in = JobsTenMinuteEqualityTest.class.getResourceAsStream("/voices/" + clip)) {
      return AudioDecoder.decode(in.readAllBytes(), 600, Cancellation.NONE).samples();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Future<JsonObject> sync(Http http, String route) {
    return http.post(route, "audio/wav", Buffer.buffer(tenMinutes)).map(r -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      return r.bodyAsJsonObject();
    });
  }

  private static Future<JsonObject> job(Vertx vertx, Http http, String operation) {
    return http.post("/v1/jobs?operation=" + operation, "audio/wav", Buffer.buffer(tenMinutes))
        .compose(accepted -> {
          assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
          // ten minutes in five chunks with 64 s of context each, on two cores other builds share: minutes
          return JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id"), 600_000);
        })
        .map(job -> {
          assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
          // two runs for the pool of two (chunks 0-1 and 2-4): chunks 1, 3 and 4 went on from Silero's state
          assertThat(logs.all()).as("the join's log line").anySatisfy(r -> assertThat(r.getMessage())
              .contains(job.getString("id")).contains("5 chunks joined")
              .contains("; 3 of them went on from the voice activity state of the chunk before"));
          return job.getJsonObject("result");
        });
  }

  /**
   * Every field but {@code timing} equal to its rounding (one unit of the last decimal shown: 0.01 dB, 0.001 s),
   * segments and turns included; the speech frames and speaker labels are also compared frame by frame (10 ms), for
   * a report that says where they differ if they ever do.
   */
  private static void expectSameAnswer(Vertx vertx, VertxTestContext tc, String route, String operation) {
    Http http = new Http(vertx, service.config().http().port());
    sync(http, route).compose(whole -> job(vertx, http, operation).map(chunked -> {
      tc.verify(() -> {
        JsonObject a = without(whole, "timing");
        JsonObject b = without(chunked, "timing");
        JsonObject snrA = a.containsKey("snr") ? a.getJsonObject("snr") : a.containsKey("snr_db") ? a : null;
        JsonObject snrB = b.containsKey("snr") ? b.getJsonObject("snr") : b.containsKey("snr_db") ? b : null;
        JsonObject spkA = a.containsKey("speakers") ? a.getJsonObject("speakers")
            : a.containsKey("speaker_count") ? a : null;
        JsonObject spkB = b.containsKey("speakers") ? b.getJsonObject("speakers")
            : b.containsKey("speaker_count") ? b : null;
        StringBuilder report = new StringBuilder(operation + ":");
        if (snrA != null) {
          int differing = differingSpeechFrames(snrA.getJsonArray("speech_segments"),
              snrB.getJsonArray("speech_segments"));
          report.append(String.format(" speech frames differing %d of %d; interval %s against %s;", differing,
              (int) (SECONDS * 100), snrA.getJsonObject("snr_interval_db").encode(),
              snrB.getJsonObject("snr_interval_db").encode()));
          assertThat(differing).as("10 ms frames where the speech segments differ").isZero();
        }
        if (spkA != null) {
          double same = sameSpeakerShare(spkA.getJsonArray("speaker_segments"), spkB.getJsonArray("speaker_segments"));
          report.append(String.format(" same speaker on %.4f of the frames both hear speech on; speaking_time %s "
              + "against %s", same, spkA.getJsonArray("speaking_time").encode(),
              spkB.getJsonArray("speaking_time").encode()));
          assertThat(same).as("share of speech frames with the same speaker").isEqualTo(1.0);
        }
        System.out.println("JobsTenMinuteEqualityTest " + report);
        List<String> differences = new ArrayList<>();
        compare("", a, b, differences);
        assertThat(differences).as("fields where the job (5 chunks) differs from the synchronous answer").isEmpty();
      });
      return chunked;
    })).onComplete(tc.succeedingThenComplete());
  }

  private static boolean[] speechMask(JsonArray segments) {
    boolean[] mask = new boolean[(int) Math.round(SECONDS * 100)];
    for (int i = 0; i < segments.size(); i++) {
      JsonObject s = segments.getJsonObject(i);
      int end = (int) Math.min(mask.length, Math.round(s.getDouble("end") * 100));
      for (int f = (int) Math.round(s.getDouble("start") * 100); f < end; f++) {
        mask[f] = true;
      }
    }
    return mask;
  }

  /** Frames where the two answers disagree on speech. */
  private static int differingSpeechFrames(JsonArray a, JsonArray b) {
    boolean[] x = speechMask(a);
    boolean[] y = speechMask(b);
    int n = 0;
    for (int f = 0; f < x.length; f++) {
      n += x[f] != y[f] ? 1 : 0;
    }
    return n;
  }

  private static int[] speakerOfFrame(JsonArray segments) {
    int[] out = new int[(int) Math.round(SECONDS * 100)];
    for (int i = 0; i < segments.size(); i++) {
      JsonObject s = segments.getJsonObject(i);
      int end = (int) Math.min(out.length, Math.round(s.getDouble("end") * 100));
      for (int f = (int) Math.round(s.getDouble("start") * 100); f < end; f++) {
        out[f] = s.getInteger("speaker");
      }
    }
    return out;
  }

  /** Of the frames both answers give a speaker, the share with the same one (labels number by first appearance). */
  private static double sameSpeakerShare(JsonArray a, JsonArray b) {
    int[] x = speakerOfFrame(a);
    int[] y = speakerOfFrame(b);
    int both = 0;
    int same = 0;
    for (int f = 0; f < x.length; f++) {
      if (x[f] > 0 && y[f] > 0) {
        both++;
        same += x[f] == y[f] ? 1 : 0;
      }
    }
    return both == 0 ? 1 : same / (double) both;
  }

  private static JsonObject without(JsonObject o, String key) {
    JsonObject copy = o.copy();
    copy.remove(key);
    return copy;
  }

  /** Adds to {@code out} each path where {@code a} and {@code b} differ by more than the rounding of the value. */
  private static void compare(String path, Object a, Object b, List<String> out) {
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      if (!x.fieldNames().equals(y.fieldNames())) {
        out.add(path + ": fields " + x.fieldNames() + " against " + y.fieldNames());
        return;
      }
      for (String k : x.fieldNames()) {
        compare(path + "." + k, x.getValue(k), y.getValue(k), out);
      }
    } else if (a instanceof JsonArray x && b instanceof JsonArray y) {
      if (x.size() != y.size()) {
        out.add(path + ": " + x.size() + " items against " + y.size());
        return;
      }
      for (int i = 0; i < x.size(); i++) {
        compare(path + "[" + i + "]", x.getValue(i), y.getValue(i), out);
      }
    } else if (a instanceof Number x && b instanceof Number y) {
      // within rounding: one unit of the last decimal either answer shows (0.01 dB, 0.001 s)
      double unit = Math.max(unit(x), unit(y));
      if (Math.abs(x.doubleValue() - y.doubleValue()) > unit * 1.0001) {
        out.add(path + ": " + a + " against " + b);
      }
    } else if (a == null ? b != null : !a.equals(b)) {
      out.add(path + ": " + a + " against " + b);
    }
  }

  private static double unit(Number n) {
    String s = n.toString();
    int dot = s.indexOf('.');
    if (dot < 0 || s.contains("E")) {
      return n instanceof Double ? 1e-9 : 0;
    }
    return Math.pow(10, -(s.length() - dot - 1));
  }

  @Test
  @Timeout(value = 15, timeUnit = TimeUnit.MINUTES)
  void anAnalyzeJobOfFiveChunksAnswersAsTheSynchronousRouteOnTenMinutes(Vertx vertx, VertxTestContext tc) {
    expectSameAnswer(vertx, tc, "/v1/analyze", "analyze");
  }

  @Test
  @Timeout(value = 15, timeUnit = TimeUnit.MINUTES)
  void anSnrJobOfFiveChunksAnswersAsTheSynchronousRouteOnTenMinutes(Vertx vertx, VertxTestContext tc) {
    expectSameAnswer(vertx, tc, "/v1/snr-detect", "snr");
  }

  @Test
  @Timeout(value = 15, timeUnit = TimeUnit.MINUTES)
  void aSpeakersJobOfFiveChunksAnswersAsTheSynchronousRouteOnTenMinutes(Vertx vertx, VertxTestContext tc) {
    expectSameAnswer(vertx, tc, "/v1/speaker-count", "speakers");
  }
}
