package io.audioinsight.observe;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code linesPerSecond} log lines in each one-second window, shared by every thread that logs through it,
 * with a count of the lines left out, so that a log written per request cannot grow with a client's request rate.
 * One per service (not per class): services started side by side in one JVM, as tests do, do not share a budget.
 */
public final class LogRateLimit {

  private final int linesPerSecond;
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
  private final AtomicLong inWindow = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  public LogRateLimit(int linesPerSecond) {
    if (linesPerSecond < 1) {
      throw new IllegalArgumentException("linesPerSecond must be at least 1, got " + linesPerSecond);
    }
    this.linesPerSecond = linesPerSecond;
  }

  /** Whether a line may be written at {@code nowNanos} ({@link System#nanoTime()}); if not, it is counted as left out. */
  public boolean tryAcquire(long nowNanos) {
    long start = windowStart.get();
    if (nowNanos - start >= TimeUnit.SECONDS.toNanos(1) && windowStart.compareAndSet(start, nowNanos)) {
      inWindow.set(0);
    }
    if (inWindow.incrementAndGet() > linesPerSecond) {
      skipped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** The lines left out since the last call, for the next line written to say so. */
  public long takeSkipped() {
    return skipped.getAndSet(0);
  }

  public int linesPerSecond() {
    return linesPerSecond;
  }
}
