package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job's answer does not depend on its chunking: with {@code jobs.chunk_seconds} at 20 s, a 60 s conversation of
 * two real voices gets the speakers of the synchronous (one-piece) answer from one clustering of every chunk's
 * embeddings, with the hints applied to it; a 40 s file with constant noise gets the synchronous SNR from the
 * pooled power sums. Also the parameters jobs refuse ({@code timeout_ms}).
 */
@ExtendWith(VertxExtension.class)
class JobsWholeFileTest {

  private static final int RATE = 16_000;
  /**
   * The Russian and the Spanish tuxpaint narrators taking 6 s turns (0.3 s apart) for 60 s. 6 s rather than 4: with
   * 4 s turns this pair's count sits on the clustering threshold, and even the synchronous answer turns from 2 to
   * 3 when the audio starts a quarter second later.
   */
  private static final byte[] TWO_VOICES = TestAudio.pcm16Wav(turns(6.0, 60, voice("tuxru.opus"),
      voice("tuxes.opus")), RATE, 1);
  /** 40 s of speech-like signal in constant white noise at 15 dB. */
  private static final byte[] CONSTANT_NOISE = TestAudio.pcm16Wav(TestAudio.speechLike(40, RATE, 15, 3), RATE, 1);
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("jobs.chunk_seconds", "20")),
        Engines.create(VadEngines.Engine.DSP, SpeakerEngines.Engine.EMBEDDING, Optional.empty()));
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  private static float[] voice(String clip) {
    try (InputStream in = JobsWholeFileTest.class.getResourceAsStream("/voices/" + clip)) {
      return AudioDecoder.decode(in.readAllBytes(), 600, Cancellation.NONE).samples();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The voices taking turns of {@code turnSeconds}, each going on where it stopped, 0.3 s apart. */
  private static float[] turns(double turnSeconds, double seconds, float[]... voices) {
    float[] out = new float[(int) Math.round(seconds * RATE)];
    int[] read = new int[voices.length];
    int turn = (int) Math.round(turnSeconds * RATE);
    int at = 0;
    for (int t = 0; at < out.length; t++) {
      float[] v = voices[t % voices.length];
      for (int i = 0; i < turn && at < out.length; i++) {
        out[at++] = v[read[t % voices.length]];
        read[t % voices.length] = (read[t % voices.length] + 1) % v.length;
      }
      at += (int) (0.3 * RATE);
    }
    return out;
  }

  private static Http http(Vertx vertx) {
    return new Http(vertx, service.config().http().port());
  }

  private static Future<JsonObject> job(Vertx vertx, String query, byte[] wav) {
    Http http = http(vertx);
    return http.post("/v1/jobs?" + query, "audio/wav", Buffer.buffer(wav))
        .compose(accepted -> {
          assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
          return JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id"));
        })
        .map(job -> {
          assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
          return job.getJsonObject("result");
        });
  }

  /** Speaker of each 10 ms frame of {@code seconds}, 0 outside every segment. */
  private static int[] labels(JsonObject speakers, double seconds) {
    int[] out = new int[(int) Math.round(seconds * 100)];
    JsonArray segments = speakers.getJsonArray("speaker_segments");
    for (int i = 0; i < segments.size(); i++) {
      JsonObject s = segments.getJsonObject(i);
      long end = Math.min(out.length, Math.round(s.getDouble("end") * 100));
      for (int f = (int) Math.round(s.getDouble("start") * 100); f < end; f++) {
        out[f] = s.getInteger("speaker");
      }
    }
    return out;
  }

  @Test
  void threeChunksOfTwentySecondsGiveTheSpeakerCountAndLabelsOfTheSynchronousAnswer(Vertx vertx,
                                                                                      VertxTestContext tc) {
    http(vertx).post("/v1/speaker-count", "audio/wav", Buffer.buffer(TWO_VOICES))
        .compose(sync -> job(vertx, "operation=speakers", TWO_VOICES).map(chunked -> {
          tc.verify(() -> {
            JsonObject whole = sync.bodyAsJsonObject();
            assertThat(whole.getInteger("speaker_count")).isEqualTo(2);
            assertThat(chunked.getInteger("speaker_count")).isEqualTo(whole.getInteger("speaker_count"));
            assertThat(chunked.getString("speaker_engine")).isEqualTo("embedding");
            assertThat(chunked.getJsonArray("speaking_time")).hasSize(2);
            int[] a = labels(whole, 60);
            int[] b = labels(chunked, 60);
            int both = 0;
            int same = 0;
            for (int f = 0; f < a.length; f++) {
              if (a[f] > 0 && b[f] > 0) {
                both++;
                same += a[f] == b[f] ? 1 : 0;
              }
            }
            // labels numbered by first appearance in both: they agree without relabelling, on most frames (the
            // windows fall elsewhere, and chunked turns are placed to half a hop: see FileClustering)
            assertThat(both).isGreaterThan(3000);
            assertThat(same).as("frames with the same speaker of %d", both).isGreaterThan((int) (0.85 * both));
          });
          return chunked;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void theSpeakerHintsOfAJobApplyToTheClusteringOfTheWholeFile(Vertx vertx, VertxTestContext tc) {
    Future<JsonObject> three = job(vertx, "operation=speakers&num_speakers=3", TWO_VOICES);
    Future<JsonObject> atMostOne = job(vertx, "operation=analyze&max_speakers=1", TWO_VOICES);
    Future.all(three, atMostOne).onComplete(tc.succeeding(v -> tc.verify(() -> {
      assertThat(three.result().getInteger("speaker_count")).isEqualTo(3);
      assertThat(atMostOne.result().getJsonObject("speakers").getInteger("speaker_count")).isEqualTo(1);
      tc.completeNow();
    })));
  }

  @Test
  void aJobOfOneChunkAnswersExactlyAsTheSynchronousRoute(Vertx vertx, VertxTestContext tc) {
    byte[] short15s = TestAudio.pcm16Wav(turns(6.0, 15, voice("tuxru.opus"), voice("tuxes.opus")), RATE, 1);
    http(vertx).post("/v1/analyze?min_speakers=2", "audio/wav", Buffer.buffer(short15s))
        .compose(sync -> job(vertx, "operation=analyze&min_speakers=2", short15s).map(chunked -> {
          tc.verify(() -> {
            JsonObject a = chunked.copy();
            JsonObject b = sync.bodyAsJsonObject().copy();
            a.remove("timing");
            b.remove("timing");
            assertThat(a).isEqualTo(b);
          });
          return chunked;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void twoChunksWithConstantNoiseGiveTheSnrOfTheSynchronousAnswer(Vertx vertx, VertxTestContext tc) {
    http(vertx).post("/v1/snr-detect", "audio/wav", Buffer.buffer(CONSTANT_NOISE))
        .compose(sync -> job(vertx, "operation=snr", CONSTANT_NOISE).map(chunked -> {
          tc.verify(() -> {
            JsonObject whole = sync.bodyAsJsonObject();
            // pooled sums: equal to the 0.01 dB of the reply's rounding (measured: 14.73 and 11.96 dB in both; the
            // interval's high end 16.31 against 16.32)
            assertThat(chunked.getDouble("snr_db")).isCloseTo(whole.getDouble("snr_db"), within(0.015));
            assertThat(chunked.getDouble("global_snr_db")).isCloseTo(whole.getDouble("global_snr_db"), within(0.015));
            JsonObject ci = chunked.getJsonObject("snr_interval_db");
            JsonObject wi = whole.getJsonObject("snr_interval_db");
            assertThat(ci.getDouble("low")).isCloseTo(wi.getDouble("low"), within(0.05));
            assertThat(ci.getDouble("high")).isCloseTo(wi.getDouble("high"), within(0.05));
          });
          return chunked;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void timeoutMsOnAJobIs400NamingTheParameterInEveryForm(Vertx vertx, VertxTestContext tc) {
    Http http = http(vertx);
    Future<HttpResponse<Buffer>> raw = http.post("/v1/jobs?timeout_ms=5000", "audio/wav",
        Buffer.buffer(CONSTANT_NOISE));
    JsonObject body = new JsonObject().put("audio_base64", java.util.Base64.getEncoder().encodeToString(
        TestAudio.speechWav(1.0))).put("timeout_ms", 5000);
    Future<HttpResponse<Buffer>> json = http.post("/v1/jobs", "application/json", body.toBuffer());
    Future<HttpResponse<Buffer>> url = http.post("/v1/jobs", "application/json",
        new JsonObject().put("audio_url", "https://example.com/a.wav").put("timeout_ms", 5000).toBuffer());
    Future.all(raw, json, url).onComplete(tc.succeeding(v -> tc.verify(() -> {
      for (HttpResponse<Buffer> r : java.util.List.of(raw.result(), json.result(), url.result())) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject problem = r.bodyAsJsonObject();
        assertThat(problem.getString("parameter")).isEqualTo("timeout_ms");
        assertThat(problem.getString("detail")).startsWith("timeout_ms is not supported by /v1/jobs");
      }
      tc.completeNow();
    })));
  }

  @Test
  void onTheEventBusAJobTakesTheHintsAndRefusesTimeoutMs(Vertx vertx, VertxTestContext tc) {
    io.vertx.core.eventbus.EventBus bus = service.vertx().eventBus();
    Future<JsonObject> refused = bus.<JsonObject>request("audio.jobs.submit", Buffer.buffer(CONSTANT_NOISE),
            new io.vertx.core.eventbus.DeliveryOptions().addHeader("timeout_ms", "1000"))
        .map(m -> m.body())
        .recover(t -> {
          tc.verify(() -> {
            assertThat(((io.vertx.core.eventbus.ReplyException) t).failureCode()).isEqualTo(400);
            assertThat(t.getMessage()).startsWith("timeout_ms is not supported by /v1/jobs");
          });
          return Future.succeededFuture(null);
        });
    Future<JsonObject> hinted = bus.<JsonObject>request("audio.jobs.submit", Buffer.buffer(TWO_VOICES),
            new io.vertx.core.eventbus.DeliveryOptions().addHeader("operation", "speakers")
                .addHeader("num_speakers", "3"))
        .compose(m -> JobPolling.finished(vertx, http(vertx), m.body().getString("id")));
    Future.all(refused, hinted).onComplete(tc.succeeding(v -> tc.verify(() -> {
      assertThat(refused.result()).as("refused").isNull();
      assertThat(hinted.result().getString("state")).isEqualTo("succeeded");
      assertThat(hinted.result().getJsonObject("result").getInteger("speaker_count")).isEqualTo(3);
      tc.completeNow();
    })));
  }
}
