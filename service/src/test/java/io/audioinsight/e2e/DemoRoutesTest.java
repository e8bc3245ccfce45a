package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.support.Http;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three demo routes of issue 6 (/ping/blocking|worker|async): where they wait, their bounds, and their switch. */
@ExtendWith(VertxExtension.class)
class DemoRoutesTest {

  private static final List<String> ROUTES = List.of("blocking", "worker", "async");

  private Service service;

  @AfterEach
  void stop() throws Exception {
    TestServices.stop(service);
  }

  private Service start(boolean demo) throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("demo.enabled", Boolean.toString(demo))),
        new TestAnalyzer(true));
    return service;
  }

  @Test
  void eachRouteAnswers200NamingHowItWaitedAndTheWorkerSleepsOnTheDemoPool(Vertx vertx, VertxTestContext tc) throws Exception {
    start(true);
    Http http = new Http(vertx, service.config().http().port());
    List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
    for (String route : ROUTES) {
      replies.add(http.get("/ping/" + route + "?ms=1"));
    }
    Future.all(replies).compose(all -> http.get("/metrics")).onComplete(tc.succeeding(metrics -> tc.verify(() -> {
      for (int i = 0; i < ROUTES.size(); i++) {
        HttpResponse<Buffer> r = replies.get(i).result();
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("wait")).isEqualTo(ROUTES.get(i));
        assertThat(body.getInteger("ms")).isEqualTo(1);
      }
      // where the waiting happened: the loop itself, the demo pool, the loop (timer)
      assertThat(replies.get(0).result().bodyAsJsonObject().getString("thread")).contains("eventloop");
      assertThat(replies.get(1).result().bodyAsJsonObject().getString("thread")).startsWith("demo-blocking");
      assertThat(replies.get(2).result().bodyAsJsonObject().getString("thread")).contains("eventloop");
      // the worker route slept on its own small pool, once
      assertThat(Metrics.sum(metrics.bodyAsString(), "vertx_pool_completed_total", "pool_name=\"demo-blocking\""))
          .isEqualTo(1.0);
      tc.completeNow();
    })));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ms=0", "ms=10001", "ms=-5", "ms=abc", "ms=", ""})
  void millisecondsOutsideOneToTenThousandOrMissingAre400OnEveryRoute(String query, Vertx vertx,
                                                                      VertxTestContext tc) throws Exception {
    start(true);
    Http http = new Http(vertx, service.config().http().port());
    List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
    for (String route : ROUTES) {
      replies.add(http.get("/ping/" + route + (query.isEmpty() ? "" : "?" + query)));
    }
    Future.all(replies).onComplete(tc.succeeding(all -> tc.verify(() -> {
      for (Future<HttpResponse<Buffer>> reply : replies) {
        HttpResponse<Buffer> r = reply.result();
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("ms").contains("10000");
      }
      tc.completeNow();
    })));
  }

  @Test
  void everyDemoRouteIs404WhenDemoIsDisabled(Vertx vertx, VertxTestContext tc) throws Exception {
    start(false);
    Http http = new Http(vertx, service.config().http().port());
    List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
    for (String route : ROUTES) {
      replies.add(http.get("/ping/" + route + "?ms=1"));
    }
    Future.all(replies).onComplete(tc.succeeding(all -> tc.verify(() -> {
      for (Future<HttpResponse<Buffer>> reply : replies) {
        assertThat(reply.result().statusCode()).isEqualTo(404);
        assertThat(reply.result().getHeader("Content-Type")).isEqualTo("application/problem+json");
      }
      tc.completeNow();
    })));
  }
}
