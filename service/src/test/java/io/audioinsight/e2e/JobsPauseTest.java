package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.support.Http;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.Poll;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * While a synchronous request runs, a job's chunk on the other pool thread pauses at its next checkpoint (the
 * engine's cancellation check parks it), keeping its work, and goes on once the request is done: nothing is
 * preempted, and the job finishes whole.
 */
@ExtendWith(VertxExtension.class)
class JobsPauseTest {

  /**
   * A job's chunk (long audio) checks its cancellation over and over until released; a synchronous request (short
   * audio) made while a chunk exists waits, up to 30 s, until it sees the chunk's thread parked inside a check, and
   * records whether it did.
   */
  static final class PauseWatchingEngine implements Analyzer {
    final TestAnalyzer answers = new TestAnalyzer(true);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicReference<Thread> chunkThread = new AtomicReference<>();
    final AtomicBoolean inCheck = new AtomicBoolean();
    final AtomicBoolean sawChunkParked = new AtomicBoolean();

    @Override
    public AnalysisResult analyze(byte[] audio, AnalysisParams params, Cancellation cancellation) {
      if (audio.length > 5 * 32_000) {
        chunkThread.set(Thread.currentThread());
        while (release.getCount() > 0) {
          inCheck.set(true);
          boolean cancelled = cancellation.isCancelled();
          inCheck.set(false);
          if (cancelled) {
            throw new AnalysisCancelledException();
          }
          Thread.onSpinWait();
        }
      } else if (chunkThread.get() != null) { // a request while the job runs (not the service's warm-up)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !sawChunkParked.get()) {
          Thread t = chunkThread.get();
          // the chunk loop never waits except inside a check: parked there means paused by the request
          if (t != null && inCheck.get() && t.getState() == Thread.State.TIMED_WAITING) {
            sawChunkParked.set(true);
          }
          Thread.onSpinWait();
        }
      }
      return answers.analyze(audio, params, cancellation);
    }

    @Override
    public String vadEngine() {
      return "test";
    }
  }

  private final PauseWatchingEngine engine = new PauseWatchingEngine();
  private Service service;

  @AfterEach
  void stop() throws Exception {
    engine.release.countDown();
    TestServices.stop(service);
  }

  @Test
  void aChunkPausesWhileASynchronousRequestRunsAndGoesOnAfterwardsWithoutBeingStopped(Vertx vertx,
                                                                                      VertxTestContext tc)
      throws Exception {
    // one chunk at a time, so a pool thread stays free and the request runs beside the chunk at once
    service = TestServices.startWarm(TestServices.config(Map.of("jobs.chunk_seconds", "10",
        "jobs.parallelism", "1")), engine);
    Http http = new Http(vertx, service.httpPort());
    http.post("/v1/jobs?operation=snr", "audio/wav", Buffer.buffer(TestAudio.speechWav(20)))
        .compose(accepted -> Poll.until(vertx, () -> engine.chunkThread.get() != null)
            .compose(v -> http.post("/v1/snr-detect", "audio/wav", Buffer.buffer(TestAudio.speechWav(1))))
            .compose(sync -> {
              tc.verify(() -> {
                assertThat(sync.statusCode()).as(sync.bodyAsString()).isEqualTo(200);
                assertThat(engine.sawChunkParked.get()).as("the chunk parked in its check during the request")
                    .isTrue();
              });
              return http.get("/metrics");
            })
            .compose(metrics -> {
              tc.verify(() -> assertThat(Metrics.sum(metrics.bodyAsString(), "audio_jobs_preempted_total"))
                  .as("paused, not stopped").isZero());
              engine.release.countDown();
              return JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id"));
            }))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).isEqualTo("succeeded");
          assertThat(job.getJsonObject("result").getDouble("duration_s")).isEqualTo(20.0);
          tc.completeNow();
        })));
  }
}
