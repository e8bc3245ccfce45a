package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness before and after warm-up, and during a drain; work in flight finishes. */
@ExtendWith(VertxExtension.class)
class LifecycleTest {

  @Test
  void readinessIs503UntilEveryPoolThreadHasRunAnAnalysisThen200(Vertx vertx, VertxTestContext tc) throws Exception {
    TestAnalyzer engine = new TestAnalyzer(true);
    engine.close();
    Service service = TestServices.start(TestServices.config(Map.of()), engine);
    Http http = new Http(vertx, service.config().http().port());
    http.get("/health/ready").compose(before -> http.get("/health/live").compose(live -> {
      engine.open();
      return service.warm().compose(v -> http.get("/health/ready")).map(after -> List.of(before, live, after));
    })).eventually(() -> service.shutdown()).onComplete(tc.succeeding(rs -> tc.verify(() -> {
      assertThat(rs.get(0).statusCode()).isEqualTo(503);
      assertThat(rs.get(0).bodyAsJsonObject().getString("detail")).contains("warming up");
      assertThat(rs.get(1).statusCode()).as("liveness does not wait for warm-up").isEqualTo(200);
      assertThat(rs.get(2).statusCode()).isEqualTo(200);
      assertThat(engine.calls()).as("one warm-up analysis per pool thread").isEqualTo(2);
      tc.completeNow();
    })));
  }

  @Test
  void duringTheDrainReadinessIs503ButRequestsAreStillServedAndInFlightWorkFinishes(Vertx vertx, VertxTestContext tc)
      throws Exception {
    TestAnalyzer engine = new TestAnalyzer(true);
    Service service = TestServices.startWarm(TestServices.config(Map.of("shutdown.grace_ms", "1500")), engine);
    Http http = new Http(vertx, service.config().http().port());
    byte[] wav = TestAudio.speechWav(1);
    engine.close();
    // A request in flight when the drain starts: held inside the engine until the gate opens.
    Future<Integer> inFlight = http.analyse("/v1/analyze", Form.RAW, wav, Map.of()).map(r -> r.statusCode());
    Future<Void> stopped = Future.fromCompletionStage(engine.whenCalls(3), vertx.getOrCreateContext()).compose(v -> {
      Future<Void> s = service.shutdown();
      return Future.succeededFuture(s).mapEmpty();
    });
    stopped.compose(v -> http.get("/health/ready"))
        .compose(ready -> {
          engine.open();
          return http.analyse("/v1/snr-detect", Form.RAW, wav, Map.of()).map(fresh -> List.of(ready, fresh));
        })
        .compose(rs -> inFlight.map(code -> {
          assertThat(code).isEqualTo(200);
          return rs;
        }))
        .compose(rs -> service.shutdown().map(rs))
        .onComplete(tc.succeeding(rs -> tc.verify(() -> {
          assertThat(rs.get(0).statusCode()).isEqualTo(503);
          assertThat(rs.get(0).bodyAsJsonObject().getString("detail")).contains("draining");
          assertThat(rs.get(1).statusCode()).as("new requests during the grace period").isEqualTo(200);
          tc.completeNow();
        })));
  }
}
