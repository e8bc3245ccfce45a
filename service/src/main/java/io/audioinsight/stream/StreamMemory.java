package io.audioinsight.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The budget for the audio that open streams keep for their summaries ({@code stream.max_buffered_bytes}), shared by
 * every stream on every event loop. Each stream keeps what it was sent until its summary is made, up to
 * {@code stream.max_duration_s}: 19 MiB for ten minutes of 16 kHz 16-bit mono, 920 MB for ten minutes of 8-channel 48
 * kHz float. Without a budget across streams, a few clients sending the largest format (or many ordinary long
 * streams) would fill the heap before any per-stream limit stopped them.
 */
final class StreamMemory {

  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  StreamMemory(long capacity) {
    this.capacity = capacity;
  }

  long capacity() {
    return capacity;
  }

  long used() {
    return used.get();
  }

  /** Whether nothing more fits: a new stream is then refused rather than let in to be ended at its first message. */
  boolean full() {
    return used.get() >= capacity;
  }

  /** Takes {@code n} bytes; false, with nothing taken, when they do not fit. */
  boolean reserve(long n) {
    long now;
    do {
      now = used.get();
      if (now + n > capacity) {
        return false;
      }
    } while (!used.compareAndSet(now, now + n));
    return true;
  }

  void release(long n) {
    used.addAndGet(-n);
  }
}
