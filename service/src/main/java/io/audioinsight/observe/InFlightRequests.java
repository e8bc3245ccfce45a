package io.audioinsight.observe;

import java.util.concurrent.atomic.AtomicInteger;

/** Requests (HTTP and event bus) that have arrived and not yet been answered; shutdown waits for zero. */
public final class InFlightRequests {

  private final AtomicInteger count = new AtomicInteger();

  public void started() {
    count.incrementAndGet();
  }

  public void finished() {
    count.decrementAndGet();
  }

  public int count() {
    return count.get();
  }
}
