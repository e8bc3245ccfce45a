package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.CapturedLogs;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What HTTP users expect besides the API itself: request ids, Allow on 405, and a bounded access log. */
@ExtendWith(VertxExtension.class)
class RequestConventionsTest {

  private static Service service;
  private static CapturedLogs logs;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()), Engines.dsp());
    logs = CapturedLogs.start();
  }

  @AfterAll
  static void stop() throws Exception {
    logs.close();
    TestServices.stop(service);
  }

  private static WebClient client(Vertx vertx) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(service.config().http().port()));
  }

  @Test
  void aPlainRequestIdFromTheClientIsEchoedAndNamedAsTheProblemInstance(Vertx vertx, VertxTestContext tc) {
    client(vertx).get("/no-such-route").putHeader("X-Request-Id", "order-42.retry-1").send()
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(404);
          assertThat(r.getHeader("X-Request-Id")).isEqualTo("order-42.retry-1");
          assertThat(r.bodyAsJsonObject().getString("instance")).isEqualTo("order-42.retry-1");
          tc.completeNow();
        })));
  }

  @Test
  void aMissingOrUnsafeRequestIdIsReplacedByAFreshOne(Vertx vertx, VertxTestContext tc) {
    WebClient client = client(vertx);
    Future.all(client.get("/health/live").send(),
            client.get("/no-such-route").putHeader("X-Request-Id", "two words<script>").send())
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          HttpResponse<Buffer> live = all.resultAt(0);
          HttpResponse<Buffer> unsafe = all.resultAt(1);
          assertThat(live.getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
          assertThat(unsafe.getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
          assertThat(unsafe.bodyAsJsonObject().getString("instance")).isEqualTo(unsafe.getHeader("X-Request-Id"));
          tc.completeNow();
        })));
  }

  @Test
  void aWrongMethodIs405WithTheAllowedMethods(Vertx vertx, VertxTestContext tc) {
    WebClient client = client(vertx);
    Future.all(client.request(HttpMethod.DELETE, "/v1/analyze").send(),
            client.request(HttpMethod.POST, "/health/live").send())
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          HttpResponse<Buffer> delete = all.resultAt(0);
          HttpResponse<Buffer> post = all.resultAt(1);
          assertThat(delete.statusCode()).isEqualTo(405);
          assertThat(delete.getHeader("Allow")).isEqualTo("POST");
          assertThat(post.statusCode()).isEqualTo(405);
          assertThat(post.getHeader("Allow")).isEqualTo("GET, HEAD");
          assertThat(post.getHeader("Content-Type")).isEqualTo("application/problem+json");
          tc.completeNow();
        })));
  }

  @Test
  void theAccessLogHasALinePerRequestAndAtMostFiftyASecondUnderAFlood(Vertx vertx, VertxTestContext tc) {
    WebClient client = client(vertx);
    int before = logs.count();
    client.get("/health/live").putHeader("X-Request-Id", "access-line-check").send()
        .compose(first -> {
          long start = System.nanoTime();
          List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
          for (int i = 0; i < 400; i++) {
            flood.add(client.get("/health/live").send());
          }
          return Future.all(flood).map(all -> (System.nanoTime() - start) / 1e9);
        })
        .onComplete(tc.succeeding(seconds -> tc.verify(() -> {
          {
            List<LogRecord> lines = logs.since(before).stream()
                .filter(r -> "io.audioinsight.access".equals(r.getLoggerName())).toList();
            assertThat(lines).anySatisfy(r -> assertThat(r.getMessage())
                .contains("GET /health/live 200").contains("id=access-line-check"));
            assertThat(lines.size()).as("lines for 401 requests in %.1f s", seconds)
                .isLessThanOrEqualTo((int) (50 * (Math.ceil(seconds) + 2)));
          }
          tc.completeNow();
        })));
  }
}
