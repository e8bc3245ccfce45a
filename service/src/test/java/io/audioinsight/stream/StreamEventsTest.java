package io.audioinsight.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.StreamClient;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A live stream's events and summary against the file analysis of the same audio (DSP engine). */
@ExtendWith(VertxExtension.class)
class StreamEventsTest {

  private static final double ONE_HOP = 512 / 16_000.0;
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("stream.max_lag_ms", "600000")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  private static byte[] pcmOf(byte[] wav) {
    return Arrays.copyOfRange(wav, 44, wav.length);
  }

  /** Streams {@code pcm} in messages of the given sizes, then stop; completes with the close. */
  private static Future<StreamClient.Closed> stream(Vertx vertx, int rate, String encoding, int channels, byte[] pcm,
                                                    int... sizes) {
    return StreamClient.open(vertx, service.httpPort())
        .compose(c -> c.start(rate, encoding, channels).audio(pcm, sizes).stop().closed());
  }

  private static List<double[]> segmentsOfEvents(StreamClient.Closed closed) {
    return closed.ofType("speech_end").stream()
        .map(e -> new double[] {e.getDouble("start"), e.getDouble("end")}).toList();
  }

  private static List<double[]> segmentsOf(JsonObject result) {
    JsonArray segments = result.getJsonArray("speech_segments");
    return segments.stream().map(o -> (JsonObject) o)
        .map(s -> new double[] {s.getDouble("start"), s.getDouble("end")}).toList();
  }

  private static JsonObject withoutTiming(JsonObject o) {
    JsonObject copy = o.copy();
    copy.remove("timing");
    copy.remove("type");
    return copy;
  }

  @Test
  void streamEventsMatchTheFileAnalysisAndTheSummaryIsTheSnrDetectAnswer(Vertx vertx, VertxTestContext tc) {
    byte[] wav = TestAudio.pcm16Wav(TestAudio.speechLike(12, 16_000, 20, 3), 16_000, 1);
    Future<StreamClient.Closed> live = stream(vertx, 16_000, "pcm_s16le", 1, pcmOf(wav), 1_024);
    Future<JsonObject> file = new Http(vertx, service.httpPort())
        .post("/v1/snr-detect", "audio/wav", Buffer.buffer(wav)).map(r -> r.bodyAsJsonObject());
    Future.all(live, file).onComplete(tc.succeeding(v -> tc.verify(() -> {
      StreamClient.Closed closed = live.result();
      assertThat(closed.code()).as(closed.reason()).isEqualTo((short) 1000);
      assertThat(closed.messages().get(0).getString("type")).isEqualTo("started");
      assertThat(closed.messages().get(0).getString("vad_engine")).isEqualTo("dsp");
      List<JsonObject> summaries = closed.ofType("summary");
      assertThat(summaries).hasSize(1);
      assertThat(closed.messages().get(closed.messages().size() - 1)).isEqualTo(summaries.get(0));
      assertThat(withoutTiming(summaries.get(0))).isEqualTo(withoutTiming(file.result()));
      List<double[]> fileSegments = segmentsOf(file.result());
      List<double[]> liveSegments = segmentsOfEvents(closed);
      assertThat(fileSegments).hasSizeGreaterThanOrEqualTo(10);
      assertThat(liveSegments).hasSameSizeAs(fileSegments);
      for (int i = 0; i < fileSegments.size(); i++) {
        assertThat(liveSegments.get(i)[0]).as("start %d", i).isCloseTo(fileSegments.get(i)[0], within(ONE_HOP + 1e-9));
        assertThat(liveSegments.get(i)[1]).as("end %d", i).isCloseTo(fileSegments.get(i)[1], within(ONE_HOP + 1e-9));
      }
      assertThat(closed.ofType("speech_start")).extracting(e -> e.getDouble("t"))
          .containsExactlyElementsOf(liveSegments.stream().map(s -> s[0]).toList());
      List<JsonObject> stats = closed.ofType("stats");
      // at most one per run of the stream's work (this client sends faster than real time, so one run may take the
      // whole stream), and always one at the end covering the whole stream
      assertThat(stats).isNotEmpty();
      JsonObject last = stats.get(stats.size() - 1);
      assertThat(last.getDouble("t")).isEqualTo(12.0);
      assertThat(last.getDouble("speech_ratio")).isCloseTo(file.result().getDouble("speech_ratio"), within(0.02));
      assertThat(last.getDouble("snr_db")).isNotNull();
      tc.completeNow();
    })));
  }

  @Test
  void statsComeOnceTwoSecondsOfAudioAreAnalysedBeforeTheStreamEnds(Vertx vertx, VertxTestContext tc) {
    byte[] pcm = pcmOf(TestAudio.pcm16Wav(TestAudio.speechLike(8, 16_000, 20, 6), 16_000, 1));
    int half = 5 * 32_000; // 5 s of 16 kHz pcm_s16le
    StreamClient.open(vertx, service.httpPort())
        .compose(c -> {
          c.start(16_000, "pcm_s16le", 1).audio(Arrays.copyOf(pcm, half), 2_048);
          return io.audioinsight.support.Poll.until(vertx,
              () -> c.messages().stream().anyMatch(m -> "stats".equals(m.getString("type")))).map(c);
        })
        .compose(c -> {
          JsonObject first = c.messages().stream().filter(m -> "stats".equals(m.getString("type"))).findFirst()
              .orElseThrow();
          tc.verify(() -> {
            // the DSP engine decides 2 s behind the audio it has; 5 s sent, so the first stats covers 2 to 3 s
            assertThat(first.getDouble("t")).isGreaterThanOrEqualTo(StreamWork.STATS_EVERY_S).isLessThan(5.0);
            assertThat(first.getDouble("speech_ratio")).isBetween(0.3, 0.7);
          });
          return c.audio(Arrays.copyOfRange(pcm, half, pcm.length), 2_048).stop().closed();
        })
        .onComplete(tc.succeeding(closed -> tc.verify(() -> {
          List<Double> times = closed.ofType("stats").stream().map(m -> m.getDouble("t")).toList();
          assertThat(times).hasSizeGreaterThanOrEqualTo(2).isSorted();
          assertThat(times.get(times.size() - 1)).isEqualTo(8.0);
          tc.completeNow();
        })));
  }

  @Test
  void framesSplitAtOddSizesGiveTheSameEvents(Vertx vertx, VertxTestContext tc) {
    byte[] pcm = pcmOf(TestAudio.pcm16Wav(TestAudio.speechLike(6, 16_000, 15, 4), 16_000, 1));
    Future<StreamClient.Closed> even = stream(vertx, 16_000, "pcm_s16le", 1, pcm, 1_024);
    Future<StreamClient.Closed> odd = stream(vertx, 16_000, "pcm_s16le", 1, pcm, 1, 333, 4_097, 77, 2_001);
    Future.all(even, odd).onComplete(tc.succeeding(v -> tc.verify(() -> {
      assertThat(even.result().ofType("speech_end")).isNotEmpty();
      for (String type : List.of("speech_start", "speech_end", "summary")) {
        List<JsonObject> a = even.result().ofType(type).stream().map(StreamEventsTest::withoutTiming).toList();
        List<JsonObject> b = odd.result().ofType(type).stream().map(StreamEventsTest::withoutTiming).toList();
        assertThat(b).as(type).isEqualTo(a);
      }
      tc.completeNow();
    })));
  }

  @Test
  void stereoFloatAt48kHzStreamsLikeTheSameWavFile(Vertx vertx, VertxTestContext tc) {
    float[] mono = TestAudio.speechLike(5, 48_000, 20, 5);
    ByteBuffer pcm = ByteBuffer.allocate(mono.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : mono) {
      pcm.putFloat(v).putFloat(v);
    }
    ByteBuffer wav = ByteBuffer.allocate(44 + pcm.capacity()).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(36 + pcm.capacity()).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
        .putShort((short) 3).putShort((short) 2).putInt(48_000).putInt(48_000 * 8).putShort((short) 8)
        .putShort((short) 32).put("data".getBytes()).putInt(pcm.capacity()).put(pcm.array());
    Future<StreamClient.Closed> live = stream(vertx, 48_000, "pcm_f32le", 2, pcm.array(), 3_000, 7);
    Future<JsonObject> file = new Http(vertx, service.httpPort())
        .post("/v1/snr-detect", "audio/wav", Buffer.buffer(wav.array())).map(r -> r.bodyAsJsonObject());
    Future.all(live, file).onComplete(tc.succeeding(v -> tc.verify(() -> {
      StreamClient.Closed closed = live.result();
      assertThat(closed.code()).as(closed.reason()).isEqualTo((short) 1000);
      assertThat(withoutTiming(closed.ofType("summary").get(0))).isEqualTo(withoutTiming(file.result()));
      List<double[]> fileSegments = segmentsOf(file.result());
      List<double[]> liveSegments = segmentsOfEvents(closed);
      assertThat(liveSegments).hasSameSizeAs(fileSegments).isNotEmpty();
      for (int i = 0; i < fileSegments.size(); i++) {
        assertThat(liveSegments.get(i)[0]).isCloseTo(fileSegments.get(i)[0], within(ONE_HOP + 1e-9));
        assertThat(liveSegments.get(i)[1]).isCloseTo(fileSegments.get(i)[1], within(ONE_HOP + 1e-9));
      }
      tc.completeNow();
    })));
  }
}
