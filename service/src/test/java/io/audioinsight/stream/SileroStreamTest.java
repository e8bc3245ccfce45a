package io.audioinsight.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.fixtures.FormatSamples;
import io.audioinsight.audio.silero.SileroModel;
import io.audioinsight.support.Http;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.StreamClient;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Silero streams, several at once so their chunks share model calls: each stream's events equal its summary's
 * segments (the file analysis of the same audio) within one hop, and the summary is what {@code /v1/snr-detect}
 * answers for the same audio, though it replays the stream's speech probabilities rather than run the model again.
 */
@ExtendWith(VertxExtension.class)
class SileroStreamTest {

  private static final double ONE_HOP = 512 / 16_000.0;
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(SileroModel.class.getResource(SileroModel.CLASSPATH_RESOURCE) != null,
        "Silero VAD model not obtained by the build; skipping");
    service = TestServices.startWarm(TestServices.config(Map.of("stream.max_lag_ms", "600000",
        "stream.batch_size", "8", "stream.batch_wait_ms", "20")), Engines.create(VadEngines.Engine.SILERO));
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  /** espeak-ng speech (the engine's FLAC fixture) twice, with pauses, in quiet white noise; differs by seed. */
  private static float[] talk(long seed) {
    float[] speech = AudioDecoder.decode(FormatSamples.FLAC.bytes(), 60, Cancellation.NONE).samples();
    int pause = (int) (0.4 * 16_000 + seed * 1_000);
    float[] x = new float[3 * pause + 2 * speech.length];
    System.arraycopy(speech, 0, x, pause, speech.length);
    System.arraycopy(speech, 0, x, 2 * pause + speech.length, speech.length);
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (0.002 * random.nextGaussian());
    }
    return x;
  }

  @Test
  void concurrentSileroStreamsShareModelCallsAndEachMatchesItsFileAnalysis(Vertx vertx, VertxTestContext tc) {
    String before = service.registry().scrape(); // other tests' streams share the service
    double callsBefore = Metrics.sum(before, "audio_stream_batch_size_count");
    double rowsBefore = Metrics.sum(before, "audio_stream_batch_size_sum");
    double latenciesBefore = Metrics.sum(before, "audio_stream_event_latency_seconds_count");
    List<Future<StreamClient.Closed>> streams = new ArrayList<>();
    long expectedChunks = 0;
    for (int s = 0; s < 4; s++) {
      byte[] wav = TestAudio.pcm16Wav(talk(20 + s), 16_000, 1);
      byte[] pcm = Arrays.copyOfRange(wav, 44, wav.length);
      expectedChunks += (pcm.length / 2 + 511) / 512;
      streams.add(StreamClient.open(vertx, service.httpPort())
          .compose(c -> c.start(16_000, "pcm_s16le", 1).audio(pcm, 1_024, 333).stop().closed()));
    }
    long chunks = expectedChunks;
    Future.all(streams).onComplete(tc.succeeding(v -> tc.verify(() -> {
      for (Future<StreamClient.Closed> f : streams) {
        StreamClient.Closed closed = f.result();
        assertThat(closed.code()).as(closed.reason()).isEqualTo((short) 1000);
        assertThat(closed.messages().get(0).getString("vad_engine")).isEqualTo("silero");
        JsonObject summary = closed.ofType("summary").get(0);
        List<JsonObject> fileSegments = summary.getJsonArray("speech_segments").stream().map(o -> (JsonObject) o)
            .toList();
        List<JsonObject> ends = closed.ofType("speech_end");
        assertThat(fileSegments).isNotEmpty();
        assertThat(ends).hasSameSizeAs(fileSegments);
        for (int i = 0; i < ends.size(); i++) {
          assertThat(ends.get(i).getDouble("start")).isCloseTo(fileSegments.get(i).getDouble("start"), within(ONE_HOP));
          assertThat(ends.get(i).getDouble("end")).isCloseTo(fileSegments.get(i).getDouble("end"), within(ONE_HOP));
        }
      }
      String metrics = service.registry().scrape();
      double calls = Metrics.sum(metrics, "audio_stream_batch_size_count") - callsBefore;
      double rows = Metrics.sum(metrics, "audio_stream_batch_size_sum") - rowsBefore;
      assertThat(rows).as("every 512-sample chunk went through the model once").isEqualTo(chunks);
      assertThat(calls).as("some calls carried several streams").isLessThan(rows);
      long events = streams.stream().mapToLong(f -> f.result().ofType("speech_start").size()
          + f.result().ofType("speech_end").size()).sum();
      assertThat(Metrics.sum(metrics, "audio_stream_event_latency_seconds_count") - latenciesBefore)
          .as("every speech event's latency is measured from the frame that completed it").isEqualTo(events);
      tc.completeNow();
    })));
  }

  private static JsonObject withoutTiming(JsonObject o) {
    JsonObject copy = o.copy();
    copy.remove("timing");
    copy.remove("type");
    return copy;
  }

  /** The stream's summary against POST /v1/snr-detect of the same WAV: equal but for the timing. */
  private static Future<Void> summaryEqualsSnrDetect(Vertx vertx, float[] audio, VertxTestContext tc) {
    byte[] wav = TestAudio.pcm16Wav(audio, 16_000, 1);
    byte[] pcm = Arrays.copyOfRange(wav, 44, wav.length);
    Future<StreamClient.Closed> live = StreamClient.open(vertx, service.httpPort())
        .compose(c -> c.start(16_000, "pcm_s16le", 1).audio(pcm, 4_096, 777).stop().closed());
    Future<JsonObject> file = new Http(vertx, service.httpPort())
        .post("/v1/snr-detect", "audio/wav", Buffer.buffer(wav)).map(r -> r.bodyAsJsonObject());
    return Future.all(live, file).map(v -> {
      StreamClient.Closed closed = live.result();
      tc.verify(() -> {
        assertThat(closed.code()).as(closed.reason()).isEqualTo((short) 1000);
        assertThat(file.result().getString("vad_engine")).isEqualTo("silero");
        assertThat(withoutTiming(closed.ofType("summary").get(0))).isEqualTo(withoutTiming(file.result()));
      });
      return null;
    });
  }

  @Test
  void aSileroStreamsSummaryIsTheSnrDetectAnswerForTheSameAudio(Vertx vertx, VertxTestContext tc) {
    summaryEqualsSnrDetect(vertx, talk(30), tc).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aSummaryIsTheSnrDetectAnswerAlsoForAudioWithADcOffset(Vertx vertx, VertxTestContext tc) {
    float[] x = talk(31);
    for (int i = 0; i < x.length; i++) {
      x[i] += 0.02f; // a cheap microphone's offset: the file analysis removes the mean before the model, a stream cannot
    }
    summaryEqualsSnrDetect(vertx, x, tc).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void streamsEndingTogetherAllGetTheirSummaryWhateverTheRequestQueueLimit(Vertx vertx, VertxTestContext tc)
      throws Exception {
    Service small = TestServices.startWarm(TestServices.config(Map.of("inference.max_queue", "1",
        "inference.pool_size", "1", "stream.max_lag_ms", "600000")), Engines.create(VadEngines.Engine.SILERO));
    List<Future<StreamClient.Closed>> streams = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      byte[] wav = TestAudio.pcm16Wav(talk(40 + s), 16_000, 1);
      byte[] pcm = Arrays.copyOfRange(wav, 44, wav.length);
      streams.add(StreamClient.open(vertx, small.httpPort())
          .compose(c -> c.start(16_000, "pcm_s16le", 1).audio(pcm, 8_192).stop().closed()));
    }
    Future.all(streams).onComplete(ar -> {
      try {
        TestServices.stop(small);
      } catch (Exception e) {
        tc.failNow(e);
      }
      tc.verify(() -> {
        assertThat(ar.succeeded()).isTrue();
        for (Future<StreamClient.Closed> f : streams) {
          StreamClient.Closed closed = f.result();
          assertThat(closed.code()).as(closed.reason()).isEqualTo((short) 1000);
          assertThat(closed.ofType("summary")).hasSize(1);
        }
      });
      tc.completeNow();
    });
  }
}
