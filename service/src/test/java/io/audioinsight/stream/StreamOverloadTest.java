package io.audioinsight.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VoiceActivityDetector;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.Poll;
import io.audioinsight.support.StreamClient;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.audioinsight.support.Answers;
import io.audioinsight.support.HeldClients;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The overload rule: a stream whose audio waits longer than stream.max_lag_ms for the pool is sent
 * {@code overloaded} and closed with 1013, and its state is freed; it never buffers without bound.
 */
@ExtendWith(VertxExtension.class)
class StreamOverloadTest {

  /** The DSP engine, held on a latch while {@link #hold} is set, so the pool cannot keep up. */
  static final class HeldVad implements VoiceActivityDetector {
    final DspVad dsp = new DspVad();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final AtomicInteger waiting = new AtomicInteger();

    @Override
    public String name() {
      return "dsp";
    }

    @Override
    public float[] speechProbabilities(float[] samples, Spectrogram spectrogram, int hop, Cancellation cancellation) {
      waiting.incrementAndGet();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("held for 30 s: the test never released it");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting.decrementAndGet();
      }
      return dsp.speechProbabilities(samples, spectrogram, hop, cancellation);
    }
  }

  private static final HeldVad VAD = new HeldVad();
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("stream.max_lag_ms", "500")), new AudioAnalyzer(VAD));
  }

  @AfterAll
  static void stop() throws Exception {
    VAD.gate.countDown();
    HeldClients.release();
    TestServices.stop(service);
  }

  @Test
  void aStreamThatOutrunsThePoolIsToldOverloadedAndClosed1013(Vertx vertx, VertxTestContext tc) {
    VAD.gate = new CountDownLatch(1);
    byte[] second = new byte[32_000]; // 1 s of 16 kHz pcm_s16le: the DSP engine's first window analysis
    StreamClient.open(vertx, service.httpPort())
        .compose(c -> {
          c.start(16_000, "pcm_s16le", 1).binary(second);
          return Poll.until(vertx, () -> VAD.waiting.get() == 1).map(c); // the pool thread is now held
        })
        .compose(c -> {
          for (int i = 0; i < 20; i++) {
            c.binary(new byte[3_200]); // 100 ms each: the lag passes 500 ms after six
          }
          return c.closed();
        })
        .onComplete(tc.succeeding(closed -> tc.verify(() -> {
          VAD.gate.countDown();
          assertThat(closed.code()).isEqualTo((short) 1013);
          assertThat(closed.reason()).contains("stream.max_lag_ms (500)");
          JsonObject overloaded = closed.ofType("overloaded").get(0);
          assertThat(overloaded.getLong("lag_ms")).isGreaterThan(500);
          assertThat(overloaded.getLong("max_lag_ms")).isEqualTo(500);
          String metrics = service.registry().scrape();
          assertThat(Metrics.sum(metrics, "audio_stream_overload_total")).isEqualTo(1);
          assertThat(Metrics.sum(metrics, "audio_stream_overload_dropped_seconds_total")).isGreaterThan(0.5);
          Poll.until(vertx, () -> service.streams().open() == 0).onComplete(tc.succeedingThenComplete());
        })));
  }

  @Test
  void whileAStreamIsBehindANewStreamIsRefused503AndLetInOnceItIsNot(Vertx vertx, VertxTestContext tc) {
    VAD.gate = new CountDownLatch(1);
    Future<StreamClient> behind = Poll.until(vertx, () -> service.streams().open() == 0)
        .compose(v -> StreamClient.open(vertx, service.httpPort()))
        .compose(c -> {
          c.start(16_000, "pcm_s16le", 1).binary(new byte[32_000]);
          return Poll.until(vertx, () -> VAD.waiting.get() == 1).map(c); // the pool thread is now held
        })
        .compose(c -> {
          // the lag is checked as each message arrives, before it is queued: at the fourth, 300 ms wait, over
          // half of stream.max_lag_ms (500) and under all of it
          for (int i = 0; i < 4; i++) {
            c.binary(new byte[3_200]);
          }
          return Poll.until(vertx, () -> service.streams().behind() == 1).map(c);
        });
    behind.compose(c -> upgrade(vertx))
        .onComplete(tc.succeeding(refused -> tc.verify(() -> {
          assertThat(refused.getKey().statusCode()).isEqualTo(503);
          assertThat(refused.getKey().getHeader("Retry-After")).isEqualTo("5");
          assertThat(refused.getKey().getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(refused.getValue().toJsonObject().getString("detail")).contains("stream.max_lag_ms");
          assertThat(Metrics.sum(service.registry().scrape(), "audio_streams_refused_total", "behind")).isEqualTo(1);
          VAD.gate.countDown();
          StreamClient first = behind.result();
          first.stop();
          first.closed()
              .compose(closed -> Poll.until(vertx, () -> service.streams().behind() == 0))
              .compose(v -> StreamClient.open(vertx, service.httpPort()))
              .onComplete(tc.succeeding(next -> {
                next.stop();
                next.closed().onComplete(tc.succeedingThenComplete());
              }));
        })));
  }

  private static Future<Map.Entry<HttpClientResponse, Buffer>> upgrade(Vertx vertx) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(service.httpPort())
        .setHost("localhost").setURI("/v1/stream").putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
        .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").putHeader("Sec-WebSocket-Version", "13");
    return HeldClients.hold(vertx.createHttpClient()).request(options).compose(Answers::send);
  }
}
