package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.support.Http;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.SlowEngineMain;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No accepted job is lost: the service runs in a child JVM, takes 20 jobs (202 each), is killed with SIGKILL while
 * some run and the rest wait, and is started again on the same jobs.dir. Every one of the 20 then finishes, with the
 * same answer.
 */
class JobsCrashRecoveryTest {

  private static final int JOBS = 20;
  private Vertx vertx;
  private Process process;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (process != null) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void twentyJobsAcceptedBeforeAKillDashNineAllFinishAfterTheRestartWithTheSameAnswer() throws Exception {
    String dir = TestServices.tempJobsDir();
    int port = TestServices.freePort();
    process = startService(port, dir, 2_000);
    Http http = new Http(vertx, port);
    byte[] wav = TestAudio.speechWav(1.0);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      var accepted = await(http.post("/v1/jobs", "audio/wav", Buffer.buffer(wav)));
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      ids.add(accepted.bodyAsJsonObject().getString("id"));
    }
    // Kill it while the first jobs run (2 s each, two at a time): the first has started, the last still waits.
    await(JobPolling.until(vertx, http, ids.get(0),
        r -> r.statusCode() == 200 && !"queued".equals(r.bodyAsJsonObject().getString("state"))));
    JsonObject last = await(http.get("/v1/jobs/" + ids.get(JOBS - 1))).bodyAsJsonObject();
    assertThat(last.getString("state")).isEqualTo("queued");
    process.destroyForcibly(); // SIGKILL: no drain, no shutdown hook
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    process = startService(port, dir, 0);
    List<JsonObject> results = new ArrayList<>();
    for (String id : ids) {
      JsonObject job = await(JobPolling.finished(vertx, http, id));
      assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
      JsonObject result = job.getJsonObject("result").copy();
      result.remove("timing");
      results.add(result);
    }
    assertThat(results).hasSize(JOBS);
    assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(results.get(0)));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }

  /** Starts the child service and returns once it logs that it is ready; its output keeps being drained. */
  private static Process startService(int port, String jobsDir, long engineDelayMs) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SlowEngineMain.class.getName());
    pb.environment().put("HTTP_PORT", Integer.toString(port));
    pb.environment().put("HTTP_INSTANCES", "1");
    pb.environment().put("INFERENCE_POOL_SIZE", "2");
    pb.environment().put("JOBS_DIR", jobsDir);
    pb.environment().put("TEST_ENGINE_DELAY_MS", Long.toString(engineDelayMs));
    pb.environment().put("HTTP_ACCESS_LOG", "false");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
          if (line.contains("ready on :")) {
            ready.complete(null);
          }
        }
      } catch (java.io.IOException e) {
        // the process was killed
      }
      ready.completeExceptionally(new IllegalStateException("the service exited before it was ready: " + lines));
    }, "child-output");
    reader.setDaemon(true);
    reader.start();
    ready.get(90, TimeUnit.SECONDS);
    return p;
  }
}
