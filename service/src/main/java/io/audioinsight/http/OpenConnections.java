package io.audioinsight.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The count of open connections on the HTTP port ({@code http.max_connections}), shared by every HTTP verticle
 * instance. A connection beyond the limit is closed as soon as it is accepted, before it can hold a file
 * descriptor and a header buffer; health checks that must get through use the management port.
 */
public final class OpenConnections {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  public OpenConnections(int max) {
    this.max = max;
  }

  /** Counts a new connection; false (and not counted) when the limit is reached. */
  boolean tryOpen() {
    int now;
    do {
      now = open.get();
      if (now >= max) {
        return false;
      }
    } while (!open.compareAndSet(now, now + 1));
    return true;
  }

  void closed() {
    open.decrementAndGet();
  }

  public int open() {
    return open.get();
  }
}
