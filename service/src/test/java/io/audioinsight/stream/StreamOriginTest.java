package io.audioinsight.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.HeldClients;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Browsers apply no CORS to WebSockets, so where {@code http.cors_origins} is set the stream route checks the Origin
 * of an upgrade itself: a page from an origin outside the list gets 403, as the API's other routes answer it.
 */
@ExtendWith(VertxExtension.class)
class StreamOriginTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("http.cors_origins", "https://app.example")),
        Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    HeldClients.release();
    TestServices.stop(service);
  }

  /** A WebSocket upgrade request, with this Origin (null: none), and the answer's status and body. */
  private static Future<Map.Entry<HttpClientResponse, Buffer>> upgrade(Vertx vertx, String origin) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(service.httpPort())
        .setHost("localhost").setURI("/v1/stream").putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
        .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").putHeader("Sec-WebSocket-Version", "13");
    if (origin != null) {
      options.putHeader("Origin", origin);
    }
    return HeldClients.hold(vertx.createHttpClient()).request(options).compose(req -> {
      // the reader is in place before the request goes out, so a short refusal's body cannot pass it by
      // (support.Answers); a 101 has no body to wait for
      Future<Map.Entry<HttpClientResponse, Buffer>> answer = req.response().compose(r -> r.statusCode() == 101
          ? Future.succeededFuture(Map.entry(r, Buffer.buffer())) : r.body().map(b -> Map.entry(r, b)));
      req.end();
      return answer;
    });
  }

  @Test
  void anUpgradeFromAnOriginOutsideCorsOriginsGets403WithAProblem(Vertx vertx, VertxTestContext tc) {
    upgrade(vertx, "https://evil.example").onComplete(tc.succeeding(e -> tc.verify(() -> {
      assertThat(e.getKey().statusCode()).isEqualTo(403);
      assertThat(e.getKey().getHeader("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = e.getValue().toJsonObject();
      assertThat(problem.getInteger("status")).isEqualTo(403);
      assertThat(problem.getString("detail")).contains("http.cors_origins");
      assertThat(service.streams().open()).isZero();
      tc.completeNow();
    })));
  }

  @Test
  void anUpgradeFromAListedOriginOpensTheStream(Vertx vertx, VertxTestContext tc) {
    upgrade(vertx, "https://app.example").onComplete(tc.succeeding(e -> tc.verify(() -> {
      assertThat(e.getKey().statusCode()).isEqualTo(101);
      tc.completeNow();
    })));
  }

  @Test
  void anUpgradeFromTheServicesOwnOriginOpensTheStream(Vertx vertx, VertxTestContext tc) {
    upgrade(vertx, "http://localhost:" + service.httpPort()).onComplete(tc.succeeding(e -> tc.verify(() -> {
      assertThat(e.getKey().statusCode()).isEqualTo(101);
      tc.completeNow();
    })));
  }

  @Test
  void anUpgradeWithoutOriginFromANonBrowserClientOpensTheStream(Vertx vertx, VertxTestContext tc) {
    upgrade(vertx, null).onComplete(tc.succeeding(e -> tc.verify(() -> {
      assertThat(e.getKey().statusCode()).isEqualTo(101);
      tc.completeNow();
    })));
  }
}
