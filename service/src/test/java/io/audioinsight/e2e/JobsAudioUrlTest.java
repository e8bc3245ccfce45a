package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs from {@code audio_url}, fetched from a local Vert.x server (so {@code fetch.allow_private_networks} is on):
 * success, redirects, and each fetch limit with its problem.
 */
@ExtendWith(VertxExtension.class)
class JobsAudioUrlTest {

  private static final byte[] SPEECH = TestAudio.speechWav(2.0);
  private static Service service;
  private static Vertx files;
  /** Paths the file server holds until the test completes their promise. */
  private static final Map<String, Promise<Void>> gates = new java.util.concurrent.ConcurrentHashMap<>();
  private static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    files = Vertx.vertx();
    server = files.createHttpServer().requestHandler(req -> {
      String path = req.path();
      if (path.equals("/speech.wav")) {
        req.response().putHeader("Content-Type", "audio/wav").end(Buffer.buffer(SPEECH));
      } else if (path.startsWith("/hop/")) {
        int left = Integer.parseInt(path.substring(5));
        req.response().setStatusCode(302)
            .putHeader("Location", left == 0 ? "/speech.wav" : "/hop/" + (left - 1)).end();
      } else if (path.equals("/big.wav")) {
        req.response().end(Buffer.buffer(new byte[300_000]));
      } else if (path.equals("/big-chunked.wav")) {
        req.response().setChunked(true);
        for (int i = 0; i < 30; i++) {
          req.response().write(Buffer.buffer(new byte[10_000]));
        }
        req.response().end();
      } else if (gates.containsKey(path)) {
        // answers once the test opens the gate: a download that is still running
        gates.get(path).future().onComplete(v -> req.response().putHeader("Content-Type", "audio/wav")
            .end(Buffer.buffer(SPEECH)));
      } else if (path.equals("/slow.wav")) {
        req.response().setChunked(true).write(Buffer.buffer(SPEECH).getBuffer(0, 1000)); // and never ends
      } else {
        req.response().setStatusCode(404).end();
      }
    }).listen(0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    service = TestServices.startWarm(TestServices.config(Map.of("fetch.allow_private_networks", "true",
        "fetch.timeout_ms", "1000", "fetch.max_bytes", "200000", "http.max_body_bytes", "200000")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
    files.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static String url(String path) {
    return "http://localhost:" + server.actualPort() + path;
  }

  private static io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<Buffer>> submit(Http http, String url) {
    return http.post("/v1/jobs", "application/json",
        new JsonObject().put("audio_url", url).put("operation", "snr").toBuffer());
  }

  @Test
  void aJobFromAnAudioUrlGivesTheSameAnswerAsTheSameAudioInline(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    JsonObject inline = new JsonObject().put("audio_base64", Base64.getEncoder().encodeToString(SPEECH))
        .put("operation", "snr");
    http.post("/v1/jobs", "application/json", inline.toBuffer())
        .compose(r -> JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id")))
        .compose(expected -> submit(http, url("/speech.wav"))
            .compose(r -> {
              tc.verify(() -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202));
              return JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id"));
            })
            .map(job -> {
              tc.verify(() -> {
                assertThat(job.getString("state")).isEqualTo("succeeded");
                JsonObject a = job.getJsonObject("result").copy();
                JsonObject b = expected.getJsonObject("result").copy();
                a.remove("timing");
                b.remove("timing");
                assertThat(a).isEqualTo(b);
              });
              return job;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void threeRedirectsAreFollowed(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    submit(http, url("/hop/2"))
        .compose(r -> {
          tc.verify(() -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202));
          return JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id"));
        })
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
          tc.completeNow();
        })));
  }

  @Test
  void aFourthRedirectFailsTheJobWith400(Vertx vertx, VertxTestContext tc) {
    expectFailedJob(vertx, tc, url("/hop/3"), 400, "redirected more than 3 times");
  }

  @Test
  void aBadStatusFailsTheJobWith400NamingIt(Vertx vertx, VertxTestContext tc) {
    expectFailedJob(vertx, tc, url("/missing.wav"), 400, "answered HTTP 404");
  }

  @Test
  void aFileDeclaredOverTheSizeLimitFailsTheJobWith413NamingTheSetting(Vertx vertx, VertxTestContext tc) {
    expectFailedJob(vertx, tc, url("/big.wav"), 413, "fetch.max_bytes");
  }

  @Test
  void aChunkedDownloadPassingTheSizeLimitFailsTheJobWith413NamingTheSettingAndLeavesNoSpoolBytes(
      Vertx vertx, VertxTestContext tc) {
    long before = service.jobs().spool().usedBytes();
    Http http = new Http(vertx, service.config().http().port());
    submit(http, url("/big-chunked.wav"))
        .compose(r -> JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id")))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).isEqualTo("failed");
          assertThat(job.getJsonObject("problem").getInteger("status")).isEqualTo(413);
          assertThat(job.getJsonObject("problem").getString("detail")).contains("fetch.max_bytes");
          assertThat(service.jobs().spool().usedBytes()).isEqualTo(before);
          tc.completeNow();
        })));
  }

  @Test
  void aDownloadSlowerThanTheTimeLimitFailsTheJobWith400NamingTheSetting(Vertx vertx, VertxTestContext tc) {
    expectFailedJob(vertx, tc, url("/slow.wav"), 400, "fetch.timeout_ms");
  }

  @Test
  void theJobIsAcceptedAndQueuedBeforeItsDownloadEndsAndRunsOnceItHasEnded(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    Promise<Void> gate = Promise.promise();
    gates.put("/gated-1.wav", gate);
    submit(http, url("/gated-1.wav"))
        .compose(r -> {
          tc.verify(() -> {
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
            assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("queued");
          });
          String id = r.bodyAsJsonObject().getString("id");
          return http.get("/v1/jobs/" + id).map(queued -> {
            tc.verify(() -> assertThat(queued.bodyAsJsonObject().getString("state"))
                .as("the file server has not answered yet").isEqualTo("queued"));
            gate.complete();
            return id;
          });
        })
        .compose(id -> JobPolling.finished(vertx, http, id))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
          assertThat(job.getJsonObject("result").getDouble("duration_s")).isEqualTo(2.0);
          tc.completeNow();
        })));
  }

  @Test
  void aSchemeOtherThanHttpIs400AtSubmissionNamingTheRule(Vertx vertx, VertxTestContext tc) {
    expectProblem(vertx, tc, "ftp://localhost/speech.wav", 400, "http or https");
  }

  @Test
  void aHostThatDoesNotResolveIs400AtSubmission(Vertx vertx, VertxTestContext tc) {
    expectProblem(vertx, tc, "http://no-such-host.invalid/a.wav", 400, "does not resolve");
  }

  @Test
  void fetchFailuresAreCountedByReason(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    submit(http, url("/missing.wav"))
        .compose(r -> JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id")))
        .compose(job -> http.get("/metrics"))
        .onComplete(tc.succeeding(m -> tc.verify(() -> {
          assertThat(Metrics.sum(m.bodyAsString(), "audio_fetch_failures_total", "reason=\"status\""))
              .isGreaterThanOrEqualTo(1);
          tc.completeNow();
        })));
  }

  /** The job is accepted (the download runs after the 202) and fails with the problem. */
  static void expectFailedJob(Vertx vertx, VertxTestContext tc, String url, int status, String detail) {
    Http http = new Http(vertx, service.config().http().port());
    submit(http, url)
        .compose(r -> {
          tc.verify(() -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202));
          return JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id"));
        })
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).as(job.encode()).isEqualTo("failed");
          JsonObject problem = job.getJsonObject("problem");
          assertThat(problem.getInteger("status")).isEqualTo(status);
          assertThat(problem.getString("detail")).contains(detail);
          assertThat(problem.getString("parameter")).isEqualTo("audio_url");
          tc.completeNow();
        })));
  }

  /** Refused at submission: the URL itself breaks a rule. */
  static void expectProblem(Vertx vertx, VertxTestContext tc, String url, int status, String detail) {
    Http http = new Http(vertx, service.config().http().port());
    submit(http, url).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
      if (detail != null) {
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains(detail);
        assertThat(r.bodyAsJsonObject().getString("parameter")).isEqualTo("audio_url");
      }
      tc.completeNow();
    })));
  }

  @Test
  void theSynchronousRouteTakesAnAudioUrlAndAnswersAsForTheSameBytes(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    http.post("/v1/snr-detect", "audio/wav", Buffer.buffer(SPEECH)).compose(direct ->
        http.post("/v1/snr-detect", "application/json", new JsonObject().put("audio_url", url("/speech.wav"))
            .toBuffer()).map(viaUrl -> {
              tc.verify(() -> {
                assertThat(viaUrl.statusCode()).as(viaUrl.bodyAsString()).isEqualTo(200);
                JsonObject a = viaUrl.bodyAsJsonObject().copy();
                JsonObject b = direct.bodyAsJsonObject().copy();
                a.remove("timing");
                b.remove("timing");
                assertThat(a).isEqualTo(b);
              });
              return null;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void theSynchronousRouteRefusesAnAudioUrlOverItsBodyLimitNamingTheSettingAndJobs(Vertx vertx,
                                                                                 VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    http.post("/v1/snr-detect", "application/json", new JsonObject().put("audio_url", url("/big.wav")).toBuffer())
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(413);
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("http.max_body_bytes").contains("/v1/jobs");
          tc.completeNow();
        })));
  }
}
