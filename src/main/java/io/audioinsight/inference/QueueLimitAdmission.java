package io.audioinsight.inference;

import io.audioinsight.api.Problems;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simplest honest admission: at most {@code maxQueue} jobs may wait for a pool thread; beyond that, 503
 * at once. Retry-After is the time the pool needs to work through the backlog at the recently measured speed
 * (an exponentially weighted mean of job run times), at least one second.
 */
public final class QueueLimitAdmission implements AdmissionControl {

  private final int maxQueue;
  private final int threads;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  /** Mean job run time in nanoseconds, EWMA with weight 1/8; starts at one second. */
  private final AtomicLong meanRunNanos = new AtomicLong(1_000_000_000L);

  public QueueLimitAdmission(int maxQueue, int threads) {
    this.maxQueue = maxQueue;
    this.threads = threads;
  }

  @Override
  public Ticket admit(AudioRequest request) {
    while (true) {
      int w = waiting.get();
      if (w >= maxQueue) {
        throw Problems.overloaded(retryAfterSeconds(w),
            "the analysis queue is full (" + maxQueue + " jobs waiting); retry later").toException();
      }
      if (waiting.compareAndSet(w, w + 1)) {
        return new QueueTicket();
      }
    }
  }

  @Override
  public int waiting() {
    return waiting.get();
  }

  long retryAfterSeconds(int backlog) {
    double seconds = (backlog + running.get()) * (meanRunNanos.get() / 1e9) / threads;
    return Math.max(1, (long) Math.ceil(seconds));
  }

  private final class QueueTicket implements Ticket {

    @Override
    public void started() {
      waiting.decrementAndGet();
      running.incrementAndGet();
    }

    @Override
    public void dropped() {
      waiting.decrementAndGet();
    }

    @Override
    public void finished(long runNanos) {
      running.decrementAndGet();
      meanRunNanos.accumulateAndGet(runNanos, (mean, x) -> mean + (x - mean) / 8);
    }
  }
}
