package io.audioinsight.e2e;

import static io.audioinsight.support.Poll.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.inference.AdmissionControl;
import io.audioinsight.support.HoldingEngine;
import io.audioinsight.support.Http;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The drain after the grace period: new analyses (HTTP and event bus) get 503 + Retry-After at once, every
 * admitted one finishes or meets its deadline, and only then does the service stop.
 */
@ExtendWith(VertxExtension.class)
class DrainTest {

  @Test
  @SuppressWarnings("unchecked")
  void whileDrainingNewAnalysesGet503WithRetryAfterAndAdmittedOnesFinishOrMeetTheirDeadline(Vertx vertx,
      VertxTestContext tc) throws Exception {
    HoldingEngine engine = new HoldingEngine();
    Service service = TestServices.startWarm(TestServices.config(Map.of(
        "inference.pool_size", "1", "inference.max_queue", "4", "shutdown.grace_ms", "0")), engine);
    AdmissionControl admission = service.inference().admission();
    Http http = new Http(vertx, service.config().http().port());
    byte[] wav = TestAudio.speechWav(1);
    engine.hold();
    Future<HttpResponse<Buffer>> running = http.post("/v1/analyze", "audio/wav", Buffer.buffer(wav));
    Map<String, Object> seen = new java.util.concurrent.ConcurrentHashMap<>();
    until(vertx, () -> engine.running() == 1)
        .compose(v -> {
          seen.put("waiting", http.post("/v1/analyze?timeout_ms=400", "audio/wav", Buffer.buffer(wav)));
          return until(vertx, () -> admission.waitingJobs() == 1);
        })
        .compose(v -> {
          seen.put("stopped", service.shutdown());
          return until(vertx, admission::draining);
        })
        .compose(v -> http.post("/v1/snr-detect", "audio/wav", Buffer.buffer(wav)))
        .compose(fresh -> {
          seen.put("fresh", fresh);
          return service.vertx().eventBus().request("audio.analyze", Buffer.buffer(wav))
              .transform(bus -> Future.succeededFuture(bus.failed() ? bus.cause() : "a reply"));
        })
        .compose(bus -> {
          seen.put("bus", bus);
          return http.get("/health/ready");
        })
        .compose(ready -> {
          seen.put("ready", ready);
          return (Future<HttpResponse<Buffer>>) seen.get("waiting");
        })
        .compose(expired -> {
          seen.put("expired", expired);
          return http.get("/metrics");
        })
        .compose(metrics -> {
          boolean stoppedEarly = ((Future<?>) seen.get("stopped")).isComplete();
          boolean runningDone = running.isComplete();
          engine.release();
          HttpResponse<Buffer> fresh = (HttpResponse<Buffer>) seen.get("fresh");
          HttpResponse<Buffer> ready = (HttpResponse<Buffer>) seen.get("ready");
          HttpResponse<Buffer> expired = (HttpResponse<Buffer>) seen.get("expired");
          tc.verify(() -> {
            assertThat(fresh.statusCode()).isEqualTo(503);
            assertThat(fresh.getHeader("Content-Type")).isEqualTo("application/problem+json");
            assertThat(Long.parseLong(fresh.getHeader("Retry-After"))).isGreaterThanOrEqualTo(1);
            assertThat(fresh.bodyAsJsonObject().getString("type")).endsWith("draining");
            assertThat(seen.get("bus")).isInstanceOfSatisfying(ReplyException.class,
                e -> assertThat(e.failureCode()).isEqualTo(503));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(expired.statusCode()).as("the queued job met its deadline").isEqualTo(504);
            assertThat(runningDone).as("the running job was still held").isFalse();
            assertThat(stoppedEarly).as("no stop while an admitted job runs").isFalse();
            assertThat(Metrics.sum(metrics.bodyAsString(), "audio_requests_rejected_total", "reason=\"draining\""))
                .isEqualTo(2.0);
          });
          return running;
        })
        .compose(r -> ((Future<?>) seen.get("stopped")).map(r))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).as("the running job finished during the drain").isEqualTo(200);
          assertThat(admission.waitingJobs() + admission.runningJobs()).isZero();
          tc.completeNow();
        })));
  }
}
