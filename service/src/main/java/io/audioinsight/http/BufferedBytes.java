package io.audioinsight.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A memory budget shared by many holders, each with its own {@link Share}. The request bodies' budget
 * ({@code http.max_buffered_bytes}) is shared by every HTTP verticle instance: a body's bytes are reserved before they
 * are buffered (all of Content-Length at once, or chunk by chunk for a chunked body) and released when its exchange
 * ends; a body that does not fit is refused with 503 before it is read, so no number of concurrent uploads can
 * exhaust the heap. Live streams keep their audio within a second one ({@code stream.max_buffered_bytes}).
 */
public final class BufferedBytes {

  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  public BufferedBytes(long capacity) {
    this.capacity = capacity;
  }

  /** Bytes currently held by requests. */
  public long used() {
    return used.get();
  }

  public long capacity() {
    return capacity;
  }

  /** Whether nothing more fits. */
  public boolean full() {
    return used.get() >= capacity;
  }

  /** A new, empty share for one holder (a request, a stream); release it when the holder is done. */
  public Share share() {
    return new Share();
  }

  private boolean tryTake(long n) {
    long now;
    do {
      now = used.get();
      if (now + n > capacity) {
        return false;
      }
    } while (!used.compareAndSet(now, now + n));
    return true;
  }

  /** One holder's reservation. Used from the holder's event loop only. */
  public final class Share {
    private long held;
    private boolean released;

    private Share() {}

    /** Reserves {@code n} more bytes; false (and nothing taken) when the budget cannot hold them. */
    public boolean reserve(long n) {
      if (released || !tryTake(n)) {
        return false;
      }
      held += n;
      return true;
    }

    /** Gives back everything held; later calls do nothing. */
    public void release() {
      if (!released) {
        released = true;
        used.addAndGet(-held);
        held = 0;
      }
    }
  }
}
