package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.fetch.CallbackSender;
import io.audioinsight.support.Http;
import io.audioinsight.support.Poll;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** callback_url: the finished job is POSTed, signed with HMAC-SHA256, and retried until a 2xx. */
@ExtendWith(VertxExtension.class)
class JobsCallbackTest {

  private static final String SECRET = "correct horse battery staple";
  private static Service service;
  private static Vertx receiverVertx;
  private static HttpServer receiver;
  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  /** How many of the next deliveries the receiver answers with 500. */
  private static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

  record Received(String signature, Buffer body, int status) {}

  @BeforeAll
  static void start() throws Exception {
    receiverVertx = Vertx.vertx();
    receiver = receiverVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      int status = FAILURES_LEFT.getAndDecrement() > 0 ? 500 : 204;
      RECEIVED.add(new Received(req.getHeader(CallbackSender.SIGNATURE), body, status));
      req.response().setStatusCode(status).end();
    })).listen(0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    service = TestServices.startWarm(TestServices.config(Map.of("fetch.allow_private_networks", "true",
        "jobs.callback_secret", SECRET, "jobs.callback_backoff_ms", "20")), new TestAnalyzer(true));
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
    receiverVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    RECEIVED.clear();
    FAILURES_LEFT.set(0);
  }

  private static String hook() {
    return "http://localhost:" + receiver.actualPort() + "/hook";
  }

  private static String hmac(Buffer body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
  }

  @Test
  void aFinishedJobIsPostedToItsCallbackWithAValidSignature(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    http.post("/v1/jobs?callback_url=" + hook(), "audio/wav", Buffer.buffer(TestAudio.speechWav(1)))
        .compose(accepted -> Poll.until(vertx, () -> RECEIVED.size() == 1).map(accepted))
        .onComplete(tc.succeeding(accepted -> tc.verify(() -> {
          Received r = RECEIVED.get(0);
          JsonObject job = r.body().toJsonObject();
          assertThat(job.getString("id")).isEqualTo(accepted.bodyAsJsonObject().getString("id"));
          assertThat(job.getString("state")).isEqualTo("succeeded");
          assertThat(job.getJsonObject("result")).isNotNull();
          assertThat(r.signature()).isEqualTo(hmac(r.body()));
          tc.completeNow();
        })));
  }

  @Test
  void aCallbackAnsweredWith500IsRetriedUntilItIsAccepted(Vertx vertx, VertxTestContext tc) {
    FAILURES_LEFT.set(2);
    Http http = new Http(vertx, service.config().http().port());
    http.post("/v1/jobs", "application/json", new JsonObject().put("callback_url", hook())
            .put("audio_base64", java.util.Base64.getEncoder().encodeToString(TestAudio.speechWav(1))).toBuffer())
        .compose(accepted -> Poll.until(vertx, () -> RECEIVED.size() == 3))
        .onComplete(tc.succeeding(v -> tc.verify(() -> {
          assertThat(RECEIVED).extracting(Received::status).containsExactly(500, 500, 204);
          assertThat(RECEIVED).allSatisfy(r -> assertThat(r.signature()).isEqualTo(hmac(r.body())));
          assertThat(RECEIVED.get(2).body()).isEqualTo(RECEIVED.get(0).body());
          tc.completeNow();
        })));
  }

  @Test
  void aCallbackUrlThatIsNotHttpIs400NamingTheParameter(Vertx vertx, VertxTestContext tc) {
    new Http(vertx, service.config().http().port())
        .post("/v1/jobs?callback_url=file:///etc/passwd", "audio/wav", Buffer.buffer(TestAudio.speechWav(1)))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(r.bodyAsJsonObject().getString("parameter")).isEqualTo("callback_url");
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("http or https");
          tc.completeNow();
        })));
  }
}
