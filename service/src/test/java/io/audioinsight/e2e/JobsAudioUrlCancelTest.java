package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.Poll;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cancelling a job whose {@code audio_url} is still downloading stops the download: a local Vert.x server trickles
 * a WAV that never ends (with {@code fetch.allow_private_networks} on, and a time limit far beyond the test), the job
 * is cancelled mid-download, and the server sees its connection closed, the partial spool file is gone by the time
 * the DELETE answers, and the job stays {@code cancelled} with no result.
 */
@ExtendWith(VertxExtension.class)
class JobsAudioUrlCancelTest {

  private static final byte[] WAV = TestAudio.speechWav(60.0);
  private static Service service;
  private static Vertx files;
  private static HttpServer server;
  /** Completed when the trickling download's request arrives, and when the server sees its connection closed. */
  private static final Promise<Void> arrived = Promise.promise();
  private static final Promise<Void> closed = Promise.promise();

  @BeforeAll
  static void start() throws Exception {
    files = Vertx.vertx();
    server = files.createHttpServer().requestHandler(req -> {
      if (!req.path().equals("/trickle.wav")) {
        req.response().setStatusCode(404).end();
        return;
      }
      HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "audio/wav");
      // 1000 bytes every 20 ms (a 60 s WAV would take 38 s): still downloading when the job is cancelled
      int[] sent = {0};
      long timer = files.setPeriodic(20, id -> {
        int n = Math.min(1000, WAV.length - 1 - sent[0]); // the last byte never comes
        if (n > 0) {
          resp.write(Buffer.buffer(WAV).getBuffer(sent[0], sent[0] + n));
          sent[0] += n;
        }
      });
      req.connection().closeHandler(v -> {
        files.cancelTimer(timer);
        closed.tryComplete();
      });
      arrived.tryComplete();
    }).listen(0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    service = TestServices.startWarm(TestServices.config(Map.of("fetch.allow_private_networks", "true",
        "fetch.timeout_ms", "600000")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
    files.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void cancellingAJobDuringItsDownloadClosesTheConnectionAndDeletesThePartialFileBeforeAnswering(
      Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    long spoolBefore = service.jobs().spool().usedBytes();
    String url = "http://localhost:" + server.actualPort() + "/trickle.wav";
    String[] id = new String[1];
    double[] abortedBefore = new double[1];
    http.get("/metrics")
        .compose(m -> {
          abortedBefore[0] = Metrics.sum(m.bodyAsString(), "audio_fetch_failures_total", "");
          return http.post("/v1/jobs", "application/json",
              new JsonObject().put("audio_url", url).put("operation", "analyze").toBuffer());
        })
        .compose(accepted -> {
          tc.verify(() -> assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202));
          id[0] = accepted.bodyAsJsonObject().getString("id");
          Path partial = service.jobs().spool().file(id[0]);
          // the download is under way: the server has the request and the spool file holds some of its bytes
          return arrived.future().compose(v -> Poll.until(vertx, () -> sizeOf(partial) > 0));
        })
        .compose(v -> http.delete("/v1/jobs/" + id[0]))
        .compose(cancelled -> {
          tc.verify(() -> {
            assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
            assertThat(cancelled.bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
            assertThat(Files.exists(service.jobs().spool().file(id[0])))
                .as("the partial spool file, once the DELETE has answered").isFalse();
            assertThat(service.jobs().spool().usedBytes()).as("spool bytes given back").isEqualTo(spoolBefore);
          });
          return closed.future(); // the file server sees the connection closed (else the test times out)
        })
        .compose(v -> http.get("/v1/jobs/" + id[0]))
        .compose(job -> {
          tc.verify(() -> {
            assertThat(job.bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
            assertThat(job.bodyAsJsonObject().containsKey("result")).isFalse();
            assertThat(job.bodyAsJsonObject().containsKey("problem")).isFalse();
          });
          return http.get("/metrics");
        })
        .onComplete(tc.succeeding(m -> tc.verify(() -> {
          assertThat(Metrics.sum(m.bodyAsString(), "audio_fetch_failures_total", ""))
              .as("a cancelled download is not a fetch failure").isEqualTo(abortedBefore[0]);
          tc.completeNow();
        })));
  }

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (java.io.IOException e) {
      return 0; // deleted between the two calls
    }
  }
}
