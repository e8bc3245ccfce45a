package io.audioinsight.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Answers;
import io.audioinsight.support.HeldClients;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.Poll;
import io.audioinsight.support.RawWebSocket;
import io.audioinsight.support.StreamClient;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Limits and bad input: each closes with its documented code and a reason that names the problem. */
@ExtendWith(VertxExtension.class)
class StreamLimitsTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of(
        "stream.max_streams", "2", "stream.max_duration_s", "3", "stream.max_message_bytes", "8192",
        "stream.idle_timeout_ms", "1500", "stream.max_lag_ms", "600000")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    HeldClients.release();
    TestServices.stop(service);
  }

  private static Future<StreamClient.Closed> closeOf(Vertx vertx, java.util.function.Consumer<StreamClient> send) {
    return StreamClient.open(vertx, service.httpPort()).compose(c -> {
      send.accept(c);
      return c.closed();
    });
  }

  private static void expectClose(Vertx vertx, VertxTestContext tc, java.util.function.Consumer<StreamClient> send,
                                  int code, String reasonPart) {
    closeOf(vertx, send).onComplete(tc.succeeding(closed -> tc.verify(() -> {
      assertThat(closed.code()).as(closed.reason()).isEqualTo((short) code);
      assertThat(closed.reason()).contains(reasonPart);
      tc.completeNow();
    })));
  }


  @Test
  void anUpgradeBeyondMaxStreamsGets503WithRetryAfterAndAProblem(Vertx vertx, VertxTestContext tc) {
    // streams of earlier tests may still be closing on the server (a raw socket's close is seen asynchronously)
    Future<StreamClient> first = Poll.until(vertx, () -> service.streams().open() == 0)
        .compose(v -> StreamClient.open(vertx, service.httpPort()));
    Future<StreamClient> second = first.compose(x -> StreamClient.open(vertx, service.httpPort()));
    second.compose(x -> StreamClient.upgradeRequest(vertx, service.httpPort()))
        .onComplete(tc.succeeding(e -> tc.verify(() -> {
          assertThat(e.getKey().statusCode()).isEqualTo(503);
          assertThat(e.getKey().getHeader("Retry-After")).isEqualTo("5");
          assertThat(e.getKey().getHeader("Content-Type")).isEqualTo("application/problem+json");
          JsonObject problem = e.getValue().toJsonObject();
          assertThat(problem.getInteger("status")).isEqualTo(503);
          assertThat(problem.getString("detail")).contains("stream.max_streams");
          assertThat(Metrics.sum(scrape(), "audio_streams_refused_total", "limit")).isGreaterThanOrEqualTo(1);
          first.result().stop();
          second.result().stop();
          Future.all(first.result().closed(), second.result().closed())
              .compose(v -> Poll.until(vertx, () -> service.streams().open() == 0))
              .onComplete(tc.succeedingThenComplete());
        })));
  }

  private static String scrape() {
    return service.registry().scrape();
  }

  @Test
  void aPlainGetWithoutUpgradeGets426(Vertx vertx, VertxTestContext tc) {
    HeldClients.hold(vertx.createHttpClient()).request(HttpMethod.GET, service.httpPort(), "localhost", "/v1/stream")
        .compose(Answers::send)
        .onComplete(tc.succeeding(e -> tc.verify(() -> {
          assertThat(e.getKey().statusCode()).isEqualTo(426);
          assertThat(e.getKey().getHeader("Upgrade")).isEqualTo("websocket");
          assertThat(e.getValue().toJsonObject().getString("detail")).contains("WebSocket");
          tc.completeNow();
        })));
  }

  @Test
  void aStartMessageThatIsNotJsonCloses1007(Vertx vertx, VertxTestContext tc) {
    expectClose(vertx, tc, c -> c.text("hello"), 1007, "not a JSON object");
  }

  @Test
  void aSampleRateOutOfRangeCloses1007NamingTheField(Vertx vertx, VertxTestContext tc) {
    expectClose(vertx, tc, c -> c.start(96_000, "pcm_s16le", 1), 1007, "sample_rate must be an integer in 8000..48000");
  }

  @Test
  void anUnknownEncodingCloses1007NamingTheField(Vertx vertx, VertxTestContext tc) {
    expectClose(vertx, tc, c -> c.start(16_000, "mp3", 1), 1007, "encoding must be");
  }

  @Test
  void aBadVadThresholdCloses1007NamingTheParameter(Vertx vertx, VertxTestContext tc) {
    expectClose(vertx, tc, c -> c.text("{\"sample_rate\":16000,\"encoding\":\"pcm_s16le\",\"vad_threshold\":2}"),
        1007, "vad_threshold");
  }

  @Test
  void binaryAudioBeforeTheStartMessageCloses1003(Vertx vertx, VertxTestContext tc) {
    expectClose(vertx, tc, c -> c.binary(new byte[64]), 1003, "before the start message");
  }

  @Test
  void anUnknownTextMessageAfterStartCloses1003(Vertx vertx, VertxTestContext tc) {
    expectClose(vertx, tc, c -> c.start(16_000, "pcm_s16le", 1).text("{\"type\":\"pause\"}"), 1003,
        "unsupported text message");
  }

  @Test
  void aMessageOverMaxMessageBytesCloses1008(Vertx vertx, VertxTestContext tc) {
    expectClose(vertx, tc, c -> c.start(16_000, "pcm_s16le", 1).binary(new byte[8194]), 1008,
        "exceeds stream.max_message_bytes (8192)");
  }

  @Test
  void aNonFiniteFloatSampleCloses1007(Vertx vertx, VertxTestContext tc) {
    byte[] frame = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(Float.NaN)
        .putFloat(0f).putFloat(0f).array();
    expectClose(vertx, tc, c -> c.start(16_000, "pcm_f32le", 1).binary(frame), 1007, "not a finite number");
  }

  @Test
  void aSilentClientIsClosed1008AfterTheIdleTimeout(Vertx vertx, VertxTestContext tc) {
    expectClose(vertx, tc, c -> c.start(16_000, "pcm_s16le", 1), 1008, "idle: no message for");
  }

  @Test
  void aStreamReachingMaxDurationGetsItsSummaryThenCloses1008(Vertx vertx, VertxTestContext tc) {
    byte[] wav = TestAudio.pcm16Wav(TestAudio.speechLike(5, 16_000, 20, 9), 16_000, 1);
    byte[] pcm = Arrays.copyOfRange(wav, 44, wav.length);
    closeOf(vertx, c -> c.start(16_000, "pcm_s16le", 1).audio(pcm, 4_000))
        .onComplete(tc.succeeding(closed -> tc.verify(() -> {
          assertThat(closed.code()).isEqualTo((short) 1008);
          assertThat(closed.reason()).contains("stream.max_duration_s (3.0 s) reached");
          JsonObject summary = closed.ofType("summary").get(0);
          assertThat(summary.getDouble("duration_s")).isEqualTo(3.0);
          tc.completeNow();
        })));
  }

  @Test
  void theServerPingsAnOpenStream(Vertx vertx, VertxTestContext tc) {
    vertx.executeBlocking(() -> {
      try (RawWebSocket raw = RawWebSocket.open(service.httpPort(), "/v1/stream")) {
        raw.text("{\"sample_rate\":16000,\"encoding\":\"pcm_s16le\"}");
        int opcode;
        do {
          opcode = raw.readFrameOpcode();
        } while (opcode == 0x1); // the "started" message
        return opcode;
      }
    }).onComplete(tc.succeeding(opcode -> tc.verify(() -> {
      assertThat(opcode).as("a ping frame").isEqualTo(0x9);
      tc.completeNow();
    })));
  }

  @Test
  void aClientThatVanishesFreesItsStream(Vertx vertx, VertxTestContext tc) {
    byte[] pcm = new byte[16_000];
    vertx.executeBlocking(() -> {
      RawWebSocket raw = RawWebSocket.open(service.httpPort(), "/v1/stream");
      raw.text("{\"sample_rate\":16000,\"encoding\":\"pcm_s16le\"}");
      raw.binary(Arrays.copyOf(pcm, 4_000));
      return raw;
    }).compose(raw -> Poll.until(vertx, () -> service.streams().open() == 1).map(raw))
        .compose(raw -> vertx.executeBlocking(() -> {
          raw.vanish();
          return null;
        }))
        .compose(v -> Poll.until(vertx, () -> service.streams().open() == 0))
        .onComplete(tc.succeeding(v -> tc.verify(() -> {
          assertThat(Metrics.sum(scrape(), "audio_streams_open")).isEqualTo(0);
          tc.completeNow();
        })));
  }
}
