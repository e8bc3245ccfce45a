package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With the pool busy and the queue full, a request is refused at once with 503 + Retry-After. */
@ExtendWith(VertxExtension.class)
class AdmissionTest {

  private Service service;
  private final TestAnalyzer engine = new TestAnalyzer(true);

  @BeforeEach
  void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of(
        "inference.pool_size", "1", "inference.max_queue", "1")), engine);
  }

  @AfterEach
  void stop() throws Exception {
    engine.open();
    TestServices.stop(service);
  }

  @Test
  void aFullQueueGets503WithRetryAfterAndTheEngineNeverSeesTheJob(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    byte[] wav = TestAudio.speechWav(1);
    engine.close();
    int warmUpCalls = engine.calls();
    Future<HttpResponse<Buffer>> running = http.analyse("/v1/analyze", Form.RAW, wav, Map.of());
    // Once the first job holds the only thread, two more arrive: one waits, the other is refused.
    Future<List<HttpResponse<Buffer>>> burst = Future.fromCompletionStage(engine.whenCalls(warmUpCalls + 1), vertx.getOrCreateContext()).compose(v -> {
      Future<HttpResponse<Buffer>> a = http.analyse("/v1/analyze", Form.RAW, wav, Map.of());
      Future<HttpResponse<Buffer>> b = http.analyse("/v1/analyze", Form.RAW, wav, Map.of());
      Future<HttpResponse<Buffer>> refused = Future.any(a, b).compose(x -> a.isComplete() ? a : b);
      return refused.compose(r -> {
        int callsWhileFull = engine.calls();
        engine.open();
        return Future.all(running, a, b).map(all -> List.of(r, a.result(), b.result(), running.result()))
            .map(list -> {
              assertThat(callsWhileFull).as("the refused job never reached the engine").isEqualTo(warmUpCalls + 1);
              return list;
            });
      });
    });
    burst.compose(rs -> http.get("/metrics").map(m -> Map.entry(rs, m.bodyAsString())))
        .onComplete(tc.succeeding(e -> tc.verify(() -> {
          HttpResponse<Buffer> refused = e.getKey().get(0);
          assertThat(refused.statusCode()).isEqualTo(503);
          assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isGreaterThanOrEqualTo(1);
          assertThat(refused.bodyAsJsonObject().getString("detail")).contains("queue is full");
          long ok = e.getKey().stream().filter(r -> r.statusCode() == 200).count();
          assertThat(ok).as("the running job and the queued one succeed").isEqualTo(2);
          assertThat(Metrics.sum(e.getValue(), "audio_requests_rejected_total", "reason=\"queue_full\"")).isEqualTo(1.0);
          assertThat(Metrics.sum(e.getValue(), "audio_queue_depth")).isEqualTo(0.0);
          tc.completeNow();
        })));
  }
}
