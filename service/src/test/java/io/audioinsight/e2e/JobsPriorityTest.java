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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Synchronous requests come before jobs: with every pool thread busy on a job's chunks, a synchronous request makes
 * one chunk stop (it runs again later) and is answered while the job is still held; the job then finishes whole.
 * For a while after a request the job leaves that thread free, so the next request stops no chunk.
 */
@ExtendWith(VertxExtension.class)
class JobsPriorityTest {

  /** Holds analyses of long audio (the job's 10 s chunks) until released; answers short audio at once. */
  static final class ChunkHoldingEngine implements Analyzer {
    final TestAnalyzer answers = new TestAnalyzer(true);
    final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger held = new AtomicInteger();

    @Override
    public AnalysisResult analyze(byte[] audio, AnalysisParams params, Cancellation cancellation) {
      if (audio.length > 5 * 32_000) {
        held.incrementAndGet();
        try {
          while (!gate.await(2, TimeUnit.MILLISECONDS)) {
            if (cancellation.isCancelled()) {
              throw new AnalysisCancelledException();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        } finally {
          held.decrementAndGet();
        }
      }
      return answers.analyze(audio, params, cancellation);
    }

    @Override
    public String vadEngine() {
      return "test";
    }
  }

  private final ChunkHoldingEngine engine = new ChunkHoldingEngine();
  private Service service;

  @AfterEach
  void stop() throws Exception {
    engine.gate.countDown();
    TestServices.stop(service);
  }

  @Test
  void aSynchronousRequestPreemptsAJobChunkAndTheJobStillFinishesWhole(Vertx vertx, VertxTestContext tc)
      throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("jobs.chunk_seconds", "10")), engine);
    Http http = new Http(vertx, service.httpPort());
    http.post("/v1/jobs?operation=snr", "audio/wav", Buffer.buffer(TestAudio.speechWav(40)))
        .compose(accepted -> Poll.until(vertx, () -> engine.held.get() == 2)
            .compose(v -> http.post("/v1/snr-detect", "audio/wav", Buffer.buffer(TestAudio.speechWav(1))))
            .compose(sync -> {
              tc.verify(() -> assertThat(sync.statusCode()).as(sync.bodyAsString()).isEqualTo(200));
              return http.get("/v1/jobs/" + accepted.bodyAsJsonObject().getString("id"));
            })
            .compose(stillRunning -> {
              tc.verify(() -> assertThat(stillRunning.bodyAsJsonObject().getString("state")).isEqualTo("running"));
              return http.get("/metrics");
            })
            .compose(metrics -> {
              tc.verify(() -> assertThat(Metrics.sum(metrics.bodyAsString(), "audio_jobs_preempted_total"))
                  .isGreaterThanOrEqualTo(1));
              engine.gate.countDown();
              return JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id"));
            }))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).isEqualTo("succeeded");
          assertThat(job.getJsonObject("result").getDouble("duration_s")).isEqualTo(40.0);
          tc.completeNow();
        })));
  }

  @Test
  void afterASynchronousRequestTheJobLeavesAThreadFreeSoTheNextRequestStopsNoChunk(Vertx vertx, VertxTestContext tc)
      throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("jobs.chunk_seconds", "10")), engine);
    Http http = new Http(vertx, service.httpPort());
    http.post("/v1/jobs?operation=snr", "audio/wav", Buffer.buffer(TestAudio.speechWav(40)))
        .compose(accepted -> Poll.until(vertx, () -> engine.held.get() == 2)
            .compose(v -> http.post("/v1/snr-detect", "audio/wav", Buffer.buffer(TestAudio.speechWav(1))))
            // the next request comes well within JobManager.SYNC_HOLD_NANOS (2 s) of the first
            .compose(first -> http.post("/v1/snr-detect", "audio/wav", Buffer.buffer(TestAudio.speechWav(1))))
            .compose(second -> {
              tc.verify(() -> {
                assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
                assertThat(engine.held.get()).as("chunks on the pool after the requests").isEqualTo(1);
              });
              return http.get("/metrics");
            })
            .compose(metrics -> {
              tc.verify(() -> assertThat(Metrics.sum(metrics.bodyAsString(), "audio_jobs_preempted_total"))
                  .as("only the first request stopped a chunk; the second found the thread left free")
                  .isEqualTo(1));
              engine.gate.countDown();
              return JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id"));
            }))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).isEqualTo("succeeded");
          tc.completeNow();
        })));
  }
}
