package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Engines;
import io.audioinsight.app.Service;
import io.audioinsight.observe.BlockedThreadMonitor.BlockedThread;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The blocked-thread checker's warnings are counted in /metrics; a well-behaved service counts none. */
@ExtendWith(VertxExtension.class)
class BlockedThreadMonitorTest {

  private Service service;

  @BeforeEach
  void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("demo.enabled", "true")), Engines.dsp());
  }

  @AfterEach
  void stop() throws Exception {
    TestServices.stop(service);
  }

  @Test
  void aHandlerSleeping300MsOnTheEventLoopIsCountedInMetrics(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    Promise<BlockedThread> flagged = Promise.promise();
    Consumer<BlockedThread> listener = b -> {
      if (b.blockedMs() >= 100) {
        flagged.tryComplete(b);
      }
    };
    service.blockedThreads().addListener(listener);
    Future<Double> before = http.get("/metrics").map(r -> Metrics.sum(r.bodyAsString(), "app_blocked_thread_events_total"));
    before.compose(b -> http.get("/ping/blocking?ms=300"))
        .compose(r -> flagged.future().map(b -> r))
        .compose(r -> http.get("/metrics").map(m -> List.of(r, m)))
        .onComplete(tc.succeeding(rs -> tc.verify(() -> {
          assertThat(rs.get(0).statusCode()).isEqualTo(200);
          String text = rs.get(1).bodyAsString();
          double after = Metrics.sum(text, "app_blocked_thread_events_total", "thread=\"vert.x-eventloop-thread-");
          assertThat(after).isGreaterThan(before.result());
          assertThat(flagged.future().result().thread()).startsWith("vert.x-eventloop-thread-");
          tc.completeNow();
        })));
  }

  @Test
  void normalTrafficIsNeverFlagged(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    List<BlockedThread> flagged = new ArrayList<>();
    service.blockedThreads().addListener(b -> {
      synchronized (flagged) {
        flagged.add(b);
      }
    });
    byte[] wav = TestAudio.speechWav(5);
    List<Future<?>> traffic = new ArrayList<>();
    for (Form form : Form.values()) {
      for (String route : List.of("/v1/analyze", "/v1/snr-detect", "/v1/speaker-count")) {
        traffic.add(http.analyse(route, form, wav, Map.of()));
      }
    }
    traffic.add(http.get("/ping/worker?ms=300"));
    traffic.add(http.get("/ping/async?ms=300"));
    traffic.add(http.get("/health/ready"));
    traffic.add(http.analyse("/v1/analyze", Form.RAW, TestAudio.notAWav(), Map.of()));
    Future.all(traffic).onComplete(tc.succeeding(v -> tc.verify(() -> {
      synchronized (flagged) {
        assertThat(flagged).as("blocked-thread warnings during normal traffic").isEmpty();
      }
      tc.completeNow();
    })));
  }

  @Test
  void theWorkerDemoWaitsOnTheDemoPoolAndTheAsyncDemoOnATimer(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    http.get("/ping/worker?ms=20").compose(w -> http.get("/ping/async?ms=20").map(a -> List.of(w, a)))
        .onComplete(tc.succeeding(rs -> tc.verify(() -> {
          assertThat(rs.get(0).bodyAsJsonObject().getString("thread")).startsWith("demo-blocking-");
          assertThat(rs.get(1).bodyAsJsonObject().getString("thread")).startsWith("vert.x-eventloop-thread-");
          tc.completeNow();
        })));
  }

  @Test
  void demoMillisecondsOutsideOneToTenThousandIs400(Vertx vertx, VertxTestContext tc) {
    HttpErrorsTest.expectProblem(tc, new Http(vertx, service.config().http().port()).get("/ping/async?ms=0"),
        400, "ms must be an integer between 1 and 10000");
  }
}
