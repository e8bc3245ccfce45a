package io.audioinsight.inference;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The {@code audio-inference} worker pool, shared by name among the analysis routes, jobs and live streams, whose
 * threads run at a lower OS scheduling priority than the event loops: {@code inference.thread_nice} is added to
 * their nice value.
 *
 * <p>Why: when inference keeps every core busy, the kernel shares the cores fairly among runnable threads, so an
 * event loop that wakes for a health check waits its turn behind inference threads. With the inference threads
 * at nice 10 a loop thread weighs about ten times as much to the scheduler (CFS weights 1024 against 110), and
 * runs almost as soon as it wakes: "never block the loop" carried down to the OS. Inference loses nothing while
 * the loops are idle, which is most of the time.
 *
 * <p>Vert.x offers no hook where its worker threads are made, so each task sets its thread's nice value on entry,
 * once per thread (a thread-local flag): a pool thread only ever runs inference, and its nice value stays.
 */
public final class InferencePool implements WorkerExecutor {

  public static final String NAME = "audio-inference";

  private static final ThreadLocal<Integer> NICE_SET = new ThreadLocal<>();

  private final WorkerExecutor pool;
  private final int nice;

  private InferencePool(WorkerExecutor pool, int nice) {
    this.pool = pool;
    this.nice = nice;
  }

  /**
   * The shared pool of {@code threads} threads; a task may run {@code maxExecuteMs} before the blocked-thread
   * checker warns. {@code nice} is added to each thread's nice value (0 leaves them as they are).
   */
  public static InferencePool shared(Vertx vertx, int threads, long maxExecuteMs, int nice) {
    return new InferencePool(vertx.createSharedWorkerExecutor(NAME, threads, maxExecuteMs, TimeUnit.MILLISECONDS),
        nice);
  }

  /**
   * A pool of its own, {@code name}d, for work that must yield to the shared pool's (it runs at {@code nice}, which
   * the caller sets above inference.thread_nice).
   */
  public static InferencePool named(Vertx vertx, String name, int threads, long maxExecuteMs, int nice) {
    return new InferencePool(vertx.createSharedWorkerExecutor(name, threads, maxExecuteMs, TimeUnit.MILLISECONDS),
        nice);
  }

  @Override
  public <T> Future<T> executeBlocking(Callable<T> task, boolean ordered) {
    return pool.executeBlocking(() -> {
      lowerThisThread();
      return task.call();
    }, ordered);
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }

  private void lowerThisThread() {
    if (nice == 0) {
      return;
    }
    Integer set = NICE_SET.get();
    if (set == null || set != nice) {
      // Marked even if it fails (not Linux): the failure is logged once, and not retried on every task.
      NICE_SET.set(nice);
      ThreadNice.lowerCurrentThreadBy(nice);
    }
  }
}
