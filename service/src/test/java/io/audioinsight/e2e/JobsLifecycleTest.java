package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.support.HoldingEngine;
import io.audioinsight.support.Http;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.Poll;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cancelling (a queued job never runs, a running one stops) and expiry, with an engine the test holds. One job at a
 * time ({@code jobs.parallelism=1}), so a second job waits in the queue.
 */
@ExtendWith(VertxExtension.class)
class JobsLifecycleTest {

  private static final byte[] SPEECH = TestAudio.speechWav(1.0);
  private Service service;
  private final HoldingEngine engine = new HoldingEngine();

  private Http start(Vertx vertx, Map<String, String> config) throws Exception {
    service = TestServices.startWarm(TestServices.config(config), engine);
    return new Http(vertx, service.config().http().port());
  }

  @AfterEach
  void stop() throws Exception {
    engine.release();
    TestServices.stop(service);
  }

  private static String id(io.vertx.ext.web.client.HttpResponse<Buffer> accepted) {
    return accepted.bodyAsJsonObject().getString("id");
  }

  @Test
  void aCancelledQueuedJobNeverRunsAndTheJobAheadOfItStillSucceeds(Vertx vertx, VertxTestContext tc)
      throws Exception {
    Http http = start(vertx, Map.of("jobs.parallelism", "1"));
    int warmUpCalls = engine.calls();
    engine.hold();
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH)).compose(first ->
        JobPolling.inState(vertx, http, id(first), "running").compose(running ->
            http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH)).compose(second ->
                http.delete("/v1/jobs/" + id(second)).compose(cancelled -> {
                  tc.verify(() -> {
                    assertThat(cancelled.statusCode()).isEqualTo(200);
                    assertThat(cancelled.bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
                    assertThat(cancelled.bodyAsJsonObject().getString("finished_at")).isNotNull();
                    assertThat(cancelled.bodyAsJsonObject().getString("started_at")).isNull();
                  });
                  engine.release();
                  return JobPolling.finished(vertx, http, id(first))
                      .compose(done -> http.get("/v1/jobs/" + id(second)).map(again -> {
                        tc.verify(() -> {
                          assertThat(done.getString("state")).isEqualTo("succeeded");
                          assertThat(again.bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
                          assertThat(engine.calls() - warmUpCalls).as("engine calls after warm-up").isEqualTo(1);
                        });
                        return null;
                      }));
                }))))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aCancelledRunningJobStopsInTheEngineAndStaysCancelled(Vertx vertx, VertxTestContext tc) throws Exception {
    Http http = start(vertx, Map.of());
    engine.hold();
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH)).compose(accepted ->
        JobPolling.inState(vertx, http, id(accepted), "running")
            .compose(running -> Poll.until(vertx, () -> engine.running() == 1))
            .compose(v -> http.delete("/v1/jobs/" + id(accepted)))
            .compose(cancelled -> {
              tc.verify(() -> assertThat(cancelled.bodyAsJsonObject().getString("state")).isEqualTo("cancelled"));
              return Poll.until(vertx, () -> engine.cancellationsObserved() == 1 && engine.running() == 0);
            })
            .compose(v -> http.get("/v1/jobs/" + id(accepted)))
            .map(after -> {
              tc.verify(() -> {
                JsonObject job = after.bodyAsJsonObject();
                assertThat(job.getString("state")).isEqualTo("cancelled");
                assertThat(job.containsKey("result")).isFalse();
                assertThat(job.getString("started_at")).isNotNull();
              });
              return null;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void deletingAFinishedJobLeavesItAsItWas(Vertx vertx, VertxTestContext tc) throws Exception {
    Http http = start(vertx, Map.of());
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH))
        .compose(accepted -> JobPolling.finished(vertx, http, id(accepted)))
        .compose(done -> http.delete("/v1/jobs/" + done.getString("id")))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("succeeded");
          assertThat(r.bodyAsJsonObject().getJsonObject("result")).isNotNull();
          tc.completeNow();
        })));
  }

  @Test
  void aFinishedJobExpiresAfterTheRetentionWithItsAudio(Vertx vertx, VertxTestContext tc) throws Exception {
    Http http = start(vertx, Map.of("jobs.retention", "0.3"));
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH))
        .compose(accepted -> JobPolling.finished(vertx, http, id(accepted)))
        .compose(done -> JobPolling.until(vertx, http, done.getString("id"), r -> r.statusCode() == 404)
            .compose(gone -> Poll.until(vertx,
                () -> !Files.exists(service.jobs().spool().file(done.getString("id")))
                    && service.jobs().spool().usedBytes() == 0)
                .map(v -> gone)))
        .onComplete(tc.succeeding(gone -> tc.verify(() -> {
          assertThat(gone.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(gone.bodyAsJsonObject().getString("detail")).contains("jobs.retention");
          tc.completeNow();
        })));
  }

  @Test
  void aJobBeyondTheQueueLimitIs503WithRetryAfterNamingTheSetting(Vertx vertx, VertxTestContext tc)
      throws Exception {
    Http http = start(vertx, Map.of("jobs.max_queued", "1"));
    engine.hold();
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH))
        .compose(first -> http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH)))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(503);
          assertThat(r.getHeader("Retry-After")).isNotNull();
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("jobs.max_queued");
          tc.completeNow();
        })));
  }

  @Test
  void aJobWhoseAudioWouldPassTheSpoolLimitIs503NamingTheSetting(Vertx vertx, VertxTestContext tc)
      throws Exception {
    Http http = start(vertx, Map.of("jobs.max_spool_bytes", "1048576"));
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(new byte[1_100_000]))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(503);
          assertThat(r.getHeader("Retry-After")).isNotNull();
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("jobs.max_spool_bytes");
          assertThat(service.jobs().spool().usedBytes()).isZero();
          tc.completeNow();
        })));
  }

  @Test
  void aRawUploadOverTheJobUploadLimitIs413NamingTheSetting(Vertx vertx, VertxTestContext tc) throws Exception {
    Http http = start(vertx, Map.of("jobs.max_upload_bytes", "10000"));
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(413);
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("jobs.max_upload_bytes");
          tc.completeNow();
        })));
  }

  @Test
  void aWavLongerThanTheJobLimitIs413NamingTheSettingAndLeavesNoAudio(Vertx vertx, VertxTestContext tc)
      throws Exception {
    Http http = start(vertx, Map.of("jobs.max_audio_seconds", "1"));
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(TestAudio.speechWav(2.0)))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(413);
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("jobs.max_audio_seconds");
          assertThat(service.jobs().spool().usedBytes()).isZero();
          tc.completeNow();
        })));
  }

  @Test
  void anMp3JobWhoseFramesPassTheJobLimitFailsAs413BeforeAnyDecodingAndLeavesNoDecodedWav(Vertx vertx,
      VertxTestContext tc) throws Exception {
    // parts of 10 s: the 45 s MP3 is planned in parts, and its frame headers already say it is too long
    Http http = start(vertx, Map.of("jobs.max_audio_seconds", "20", "jobs.chunk_seconds", "10"));
    http.post("/v1/jobs", "audio/mpeg", Buffer.buffer(io.audioinsight.audio.fixtures.FormatSamples.longSpeechMp3()))
        .compose(accepted -> JobPolling.finished(vertx, http, id(accepted)))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).isEqualTo("failed");
          JsonObject problem = job.getJsonObject("problem");
          assertThat(problem.getInteger("status")).isEqualTo(413);
          assertThat(problem.getString("detail")).contains("20.0 s").contains("MP3 frames hold 44.9 s")
              .contains("jobs.max_audio_seconds");
          assertThat(Files.exists(service.jobs().spool().decodedFile(job.getString("id")))).isFalse();
          tc.completeNow();
        })));
  }

  @Test
  void aCallbackUrlWithoutASigningSecretIs400NamingTheSetting(Vertx vertx, VertxTestContext tc) throws Exception {
    Http http = start(vertx, Map.of("fetch.allow_private_networks", "true"));
    http.post("/v1/jobs?callback_url=http://localhost:9/hook", "audio/wav", Buffer.buffer(SPEECH))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("jobs.callback_secret");
          tc.completeNow();
        })));
  }
}
