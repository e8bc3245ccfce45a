package io.audioinsight.inference;

import io.audioinsight.api.Problems;
import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.config.InferenceConfig;
import io.audioinsight.observe.ServiceMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the engine on the named worker pool {@code audio-inference} with {@code executeBlocking(job, false)}:
 * jobs are independent, so they must not be serialised per context. Admission control sits in front,
 * because the pool's own queue is unbounded. Each job checks its caller's signal and its deadline before it
 * starts, and hands both to the engine as its {@link Cancellation}.
 */
public final class LocalInferenceService implements InferenceService {

  public static final String POOL_NAME = "audio-inference";
  /** How long warm-up waits for every pool thread to have run one analysis. */
  private static final long WARM_UP_BARRIER_SECONDS = 120;

  private final Analyzer analyzer;
  private final InferenceConfig config;
  private final AdmissionControl admission;
  private final ServiceMetrics metrics;
  private final WorkerExecutor pool;
  private volatile Consumer<Thread> engineThreadObserver = t -> {};

  public LocalInferenceService(Vertx vertx, Analyzer analyzer, InferenceConfig config, AdmissionControl admission,
                               ServiceMetrics metrics) {
    this.analyzer = analyzer;
    this.config = config;
    this.admission = admission;
    this.metrics = metrics;
    // A worker task running longer than the longest deadline (plus slack) is worth a checker warning.
    this.pool = vertx.createSharedWorkerExecutor(
        POOL_NAME, config.threads(), config.maxTimeoutMs() + 10_000, TimeUnit.MILLISECONDS);
    metrics.queueDepth(admission::waiting);
  }

  @Override
  public Future<InferenceResult> snr(AudioRequest request) {
    return submit(Operation.SNR, request);
  }

  @Override
  public Future<InferenceResult> speakers(AudioRequest request) {
    return submit(Operation.SPEAKERS, request);
  }

  @Override
  public Future<InferenceResult> analyze(AudioRequest request) {
    return submit(Operation.ANALYZE, request);
  }

  public String vadEngine() {
    return analyzer.vadEngine();
  }

  public int threads() {
    return config.threads();
  }

  /** Test hook: called with the thread about to run the engine, for every job. */
  public void observeEngineThreads(Consumer<Thread> observer) {
    this.engineThreadObserver = observer;
  }

  private Future<InferenceResult> submit(Operation operation, AudioRequest request) {
    AdmissionControl.Ticket ticket;
    try {
      ticket = admission.admit(request);
    } catch (RuntimeException rejected) {
      metrics.rejected("queue_full");
      return Future.failedFuture(rejected);
    }
    long timeoutMs = timeoutMs(request.params());
    long submitted = System.nanoTime();
    long deadline = submitted + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    return pool.executeBlocking(() -> runJob(operation, request, ticket, submitted, deadline, timeoutMs), false);
  }

  long timeoutMs(RequestParams params) {
    return params.timeoutMs() == null
        ? config.defaultTimeoutMs()
        : Math.min(params.timeoutMs(), config.maxTimeoutMs());
  }

  private InferenceResult runJob(Operation operation, AudioRequest request, AdmissionControl.Ticket ticket,
                                 long submitted, long deadline, long timeoutMs) {
    long started = System.nanoTime();
    CancellationSignal signal = request.signal();
    if (signal.isCancelled() || started > deadline) {
      ticket.dropped();
      throw cancelled(signal, timeoutMs);
    }
    ticket.started();
    metrics.queueWait(started - submitted);
    try {
      if (Context.isOnEventLoopThread()) {
        throw new IllegalStateException("analysis scheduled on an event loop: " + Thread.currentThread().getName());
      }
      engineThreadObserver.accept(Thread.currentThread());
      AnalysisParams params = new AnalysisParams(operation, request.params().vadHopSize(),
          request.params().vadThreshold(), config.maxAudioSeconds());
      Cancellation cancellation = () -> signal.isCancelled() || System.nanoTime() > deadline;
      AnalysisResult result;
      try {
        result = analyzer.analyze(request.wav().getBytes(), params, cancellation);
      } catch (AnalysisCancelledException e) {
        throw cancelled(signal, timeoutMs);
      }
      long ended = System.nanoTime();
      metrics.inference(operation, ended - started);
      metrics.processedAudio(result.durationS());
      return new InferenceResult(result, (started - submitted) / 1e6, (ended - started) / 1e6);
    } finally {
      ticket.finished(System.nanoTime() - started);
    }
  }

  private RuntimeException cancelled(CancellationSignal signal, long timeoutMs) {
    if (signal.isCancelled()) {
      metrics.cancelled(signal.reason());
      return new JobCancelledException(signal.reason());
    }
    metrics.cancelled("deadline");
    return Problems.deadlineExceeded(timeoutMs).toException();
  }

  /**
   * Runs one analysis of {@code wav} on every pool thread, so class loading, JIT and per-thread caches are
   * paid before readiness turns green. The jobs meet at a barrier, so no thread can take two of them.
   */
  public Future<Void> warmUp(byte[] wav) {
    int n = config.threads();
    CyclicBarrier barrier = new CyclicBarrier(n);
    AnalysisParams params = AnalysisParams.defaults(Operation.ANALYZE, config.maxAudioSeconds());
    List<Future<Object>> jobs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      jobs.add(pool.executeBlocking(() -> {
        analyzer.analyze(wav, params, Cancellation.NONE);
        barrier.await(WARM_UP_BARRIER_SECONDS, TimeUnit.SECONDS);
        return null;
      }, false));
    }
    return Future.all(jobs).mapEmpty();
  }

  public Future<Void> close() {
    return pool.close();
  }
}
