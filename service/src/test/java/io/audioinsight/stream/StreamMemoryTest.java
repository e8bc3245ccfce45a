package io.audioinsight.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.http.BufferedBytes;
import io.audioinsight.support.HeldClients;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.Poll;
import io.audioinsight.support.StreamClient;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audio all open streams keep for their summaries is bounded together ({@code stream.max_buffered_bytes}): here
 * 64,000 bytes, two seconds of 16 kHz 16-bit mono.
 */
@ExtendWith(VertxExtension.class)
class StreamMemoryTest {

  private static final int BUDGET = 64_000;
  private static Service service;
  private static byte[] threeSeconds;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of(
        "stream.max_buffered_bytes", String.valueOf(BUDGET), "stream.max_lag_ms", "600000")), Engines.dsp());
    byte[] wav = TestAudio.pcm16Wav(TestAudio.speechLike(3, 16_000, 20, 9), 16_000, 1);
    threeSeconds = Arrays.copyOfRange(wav, 44, wav.length);
  }

  @AfterAll
  static void stop() throws Exception {
    HeldClients.release();
    TestServices.stop(service);
  }

  private static BufferedBytes memory() {
    return service.streams().memory();
  }

  @Test
  void aStreamWhoseAudioOverflowsTheBudgetGetsTheSummaryOfWhatFitThenCloses1013(Vertx vertx, VertxTestContext tc) {
    Poll.until(vertx, () -> memory().used() == 0)
        .compose(v -> StreamClient.open(vertx, service.httpPort()))
        .compose(c -> c.start(16_000, "pcm_s16le", 1).audio(threeSeconds, 4_000).closed())
        .compose(closed -> Poll.until(vertx, () -> memory().used() == 0).map(closed))
        .onComplete(tc.succeeding(closed -> tc.verify(() -> {
          assertThat(closed.code()).as(closed.reason()).isEqualTo((short) 1013);
          assertThat(closed.reason()).contains("stream.max_buffered_bytes (64000 bytes)");
          JsonObject summary = closed.ofType("summary").get(0);
          assertThat(summary.getDouble("duration_s")).as("the audio that fit, 64,000 bytes").isEqualTo(2.0);
          tc.completeNow();
        })));
  }

  @Test
  void whileTheBudgetIsFullAnUpgradeGets503WithRetryAfterAndOnceItIsFreedAStreamOpens(Vertx vertx,
                                                                                    VertxTestContext tc) {
    byte[] twoSeconds = Arrays.copyOf(threeSeconds, BUDGET);
    Future<StreamClient> holder = Poll.until(vertx, () -> memory().used() == 0)
        .compose(v -> StreamClient.open(vertx, service.httpPort()))
        .map(c -> c.start(16_000, "pcm_s16le", 1).audio(twoSeconds, 4_000));
    holder.compose(c -> Poll.until(vertx, () -> memory().used() == BUDGET))
        .compose(v -> StreamClient.upgradeRequest(vertx, service.httpPort()))
        .onComplete(tc.succeeding(refused -> tc.verify(() -> {
          assertThat(refused.getKey().statusCode()).isEqualTo(503);
          assertThat(refused.getKey().getHeader("Retry-After")).isEqualTo("5");
          assertThat(refused.getKey().getHeader("Content-Type")).isEqualTo("application/problem+json");
          JsonObject problem = refused.getValue().toJsonObject();
          assertThat(problem.getInteger("status")).isEqualTo(503);
          assertThat(problem.getString("detail")).contains("stream.max_buffered_bytes (64000)");
          String metrics = service.registry().scrape();
          assertThat(Metrics.sum(metrics, "audio_streams_refused_total", "memory")).isGreaterThanOrEqualTo(1);
          assertThat(Metrics.sum(metrics, "audio_stream_buffered_bytes")).isEqualTo(BUDGET);
          StreamClient first = holder.result().stop();
          first.closed()
              .compose(closed -> Poll.until(vertx, () -> memory().used() == 0).map(closed))
              .compose(closed -> StreamClient.open(vertx, service.httpPort()).map(next -> Map.entry(closed, next)))
              .onComplete(tc.succeeding(e -> tc.verify(() -> {
                assertThat(e.getKey().code()).as("the holder's own stop").isEqualTo((short) 1000);
                e.getValue().stop();
                tc.completeNow();
              })));
        })));
  }

}
