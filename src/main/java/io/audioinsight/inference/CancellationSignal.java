package io.audioinsight.inference;

import io.audioinsight.audio.Cancellation;

/**
 * A caller's way to say "I no longer want this answer" (for example, the client closed the connection).
 * Flipped from an event loop, read by a worker thread; the first reason wins.
 */
public final class CancellationSignal implements Cancellation {

  private volatile String reason;

  public void cancel(String reason) {
    if (this.reason == null) {
      this.reason = reason;
    }
  }

  @Override
  public boolean isCancelled() {
    return reason != null;
  }

  /** Why it was cancelled (a metric label such as {@code client_gone}), or null. */
  public String reason() {
    return reason;
  }
}
