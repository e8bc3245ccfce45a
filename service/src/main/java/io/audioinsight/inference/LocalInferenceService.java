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
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the engine on the named worker pool {@code audio-inference} with {@code executeBlocking(job, false)}:
 * jobs are independent, so they must not be serialised per context. Admission control sits in front,
 * because the pool's own queue is unbounded. Each job has a deadline, enforced by a timer on the caller's event
 * loop (so the client hears 504 on time whatever the pool is doing), and can be withdrawn by its caller; a
 * withdrawn job that waits is dropped and never reaches the engine, a running one is stopped through the
 * engine's {@link Cancellation}. See {@link Job} for the race between the two sides.
 */
public final class LocalInferenceService implements InferenceService {

  public static final String POOL_NAME = InferencePool.NAME;
  /** How long warm-up waits for every pool thread to have run one analysis. */
  private static final long WARM_UP_BARRIER_SECONDS = 120;

  /** The cancellation reason (and metric label) for a deadline that passed. */
  public static final String DEADLINE = "deadline";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Vertx vertx;
  private final Analyzer analyzer;
  private final InferenceConfig config;
  private final AdmissionControl admission;
  private final ServiceMetrics metrics;
  private final WorkerExecutor pool;
  private volatile Consumer<Thread> engineThreadObserver = t -> {};
  /** Admitted requests whose answer has not yet been handed to the front end; the drain waits for zero. */
  private final AtomicInteger unanswered = new AtomicInteger();

  public LocalInferenceService(Vertx vertx, Analyzer analyzer, InferenceConfig config, AdmissionControl admission,
                               ServiceMetrics metrics) {
    this.vertx = vertx;
    this.analyzer = analyzer;
    this.config = config;
    this.admission = admission;
    this.metrics = metrics;
    // A worker task running longer than the longest deadline (plus slack) is worth a checker warning.
    this.pool = InferencePool.shared(vertx, config.threads(), config.maxTimeoutMs() + 10_000, config.threadNice());
    metrics.queueDepth(admission::waitingJobs, admission::waitingAudioSeconds);
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

  @Override
  public io.audioinsight.api.Problem refusalNow() {
    AdmissionControl.Rejected rejected = admission.refusalNow();
    if (rejected == null) {
      return null;
    }
    metrics.rejected(rejected.reason());
    return rejected.problem();
  }

  /** Admitted requests not yet answered (waiting, running, or answered this very moment). */
  public int unanswered() {
    return unanswered.get();
  }

  public AdmissionControl admission() {
    return admission;
  }

  public int threads() {
    return config.threads();
  }

  /** Test hook: called with the thread about to run the engine, for every job. */
  public void observeEngineThreads(Consumer<Thread> observer) {
    this.engineThreadObserver = observer;
  }

  @Override
  public void deadlinePassedBeforeSubmit() {
    metrics.cancelled(DEADLINE);
  }

  /**
   * Admits the job (or refuses it with 503), arms its deadline timer on the caller's event loop, hooks the
   * caller's cancellation signal, and queues it on the pool. The returned future fails with 504 the moment the
   * deadline passes, and with {@link JobCancelledException} the moment the caller cancels, whether the job is
   * still waiting (it is dropped and never runs) or already running (the engine is told to stop).
   */
  private Future<InferenceResult> submit(Operation operation, AudioRequest request) {
    CancellationSignal signal = request.signal();
    if (signal.isCancelled()) {
      metrics.cancelled(signal.reason());
      return Future.failedFuture(new JobCancelledException(signal.reason()));
    }
    long timeoutMs = timeoutMs(request.params());
    long now = System.nanoTime();
    long deadline = request.receivedNanos() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    if (deadline - now <= 0) {
      // Reading the body took the whole deadline: do not queue it at all.
      metrics.cancelled(DEADLINE);
      return Future.failedFuture(Problems.deadlineExceeded(timeoutMs).toException());
    }
    double audioSeconds = AudioCost.seconds(request.wav(), config.maxAudioSeconds());
    AdmissionControl.Ticket ticket;
    try {
      ticket = admission.admit(audioSeconds);
    } catch (AdmissionControl.Rejected rejected) {
      metrics.rejected(rejected.reason());
      return Future.failedFuture(rejected.problem().toException());
    }
    Job job = new Job(operation, request, ticket, now, deadline, timeoutMs);
    Context context = vertx.getOrCreateContext();
    Promise<InferenceResult> answer = Promise.promise();
    unanswered.incrementAndGet();
    // Counted down on the next turn of the loop, after the front end's handlers have written the answer.
    answer.future().onComplete(ar -> context.runOnContext(v -> unanswered.decrementAndGet()));
    long timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - now)),
        id -> cancel(job, DEADLINE, answer, context));
    answer.future().onComplete(ar -> vertx.cancelTimer(timer));
    signal.onCancel(reason -> cancel(job, reason, answer, context));
    pool.executeBlocking(() -> runJob(job, answer, context), false).onComplete(ar -> {
      if (ar.failed()) {
        answer.tryFail(ar.cause());
      } else if (ar.result() != null) {
        answer.tryComplete(ar.result());
      }
    });
    return answer.future();
  }

  /** CPU time of the calling thread (wall time where the JVM cannot measure it): what a wasted job cost. */
  private static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  long timeoutMs(RequestParams params) {
    return params.timeoutMs() == null
        ? config.defaultTimeoutMs()
        : Math.min(params.timeoutMs(), config.maxTimeoutMs());
  }

  /**
   * Withdraws {@code job} for {@code reason} ({@code deadline}, {@code client_gone}) and fails its answer at
   * once, from whichever thread noticed first. Counts it once; a job already finished is left alone.
   */
  private void cancel(Job job, String reason, Promise<InferenceResult> answer, Context context) {
    Job.Cancelled how = job.cancel();
    if (how == Job.Cancelled.NOT_ACTIVE) {
      return;
    }
    if (how == Job.Cancelled.DROPPED_FROM_QUEUE) {
      job.ticket.dropped();
    }
    metrics.cancelled(reason);
    RuntimeException failure = DEADLINE.equals(reason)
        ? Problems.deadlineExceeded(job.timeoutMs).toException()
        : new JobCancelledException(reason);
    if (Vertx.currentContext() == context) {
      answer.tryFail(failure);
    } else {
      context.runOnContext(v -> answer.tryFail(failure));
    }
  }

  /**
   * On a pool thread. Returns the result, or null when the job was dropped or cancelled (its answer has already
   * failed). The engine is never called for a job that was dropped or is already past its deadline.
   */
  private InferenceResult runJob(Job job, Promise<InferenceResult> answer, Context context) {
    long started = System.nanoTime();
    if (job.pastDeadline(started)) {
      // The timer has not fired yet (a busy loop), but the deadline has passed: do not start.
      cancel(job, DEADLINE, answer, context);
    }
    if (!job.start()) {
      return null;
    }
    job.ticket.started();
    metrics.queueWait(started - job.submittedNanos);
    long cpuStarted = threadCpuNanos();
    boolean completed = false;
    try {
      if (Context.isOnEventLoopThread()) {
        throw new IllegalStateException("analysis scheduled on an event loop: " + Thread.currentThread().getName());
      }
      engineThreadObserver.accept(Thread.currentThread());
      AnalysisParams params = new AnalysisParams(job.operation, job.params.vadHopSize(),
          job.params.vadThreshold(), config.maxAudioSeconds(), job.params.speakerHints());
      AnalysisResult result;
      try {
        result = analyzer.analyze(job.wav().getBytes(), params, job.cancellation);
      } catch (AnalysisCancelledException e) {
        // The engine saw the deadline before the timer did (a cancelled job is already accounted for).
        cancel(job, DEADLINE, answer, context);
        return null;
      }
      long ended = System.nanoTime();
      if (!job.complete()) {
        return null; // cancelled just as it finished: nobody reads this answer
      }
      completed = true;
      metrics.inference(job.operation, ended - started);
      metrics.processedAudio(result.durationS());
      return new InferenceResult(result, (started - job.submittedNanos) / 1e6, (ended - started) / 1e6);
    } catch (RuntimeException | Error e) {
      if (!job.complete()) {
        return null; // failed after being cancelled: the answer is gone already
      }
      throw e;
    } finally {
      long ran = System.nanoTime() - started;
      if (!completed && job.wasCancelled()) {
        metrics.wastedInference(threadCpuNanos() - cpuStarted);
      }
      job.ticket.finished(ran, completed);
    }
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
        long t0 = System.nanoTime();
        AnalysisResult r = analyzer.analyze(wav, params, Cancellation.NONE);
        // A first estimate of the pool's speed for Retry-After (cold JIT: an under-estimate, soon corrected).
        admission.observe(r.durationS(), System.nanoTime() - t0);
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
