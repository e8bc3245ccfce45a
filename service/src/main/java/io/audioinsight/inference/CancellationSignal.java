package io.audioinsight.inference;

import io.audioinsight.audio.Cancellation;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A caller's way to say "I no longer want this answer" (for example, the client closed the connection).
 * Flipped from an event loop, read by any thread; the first reason wins. The service listens with
 * {@link #onCancel}, so a waiting job leaves the queue at once rather than when a thread reaches it.
 */
public final class CancellationSignal implements Cancellation {

  private final AtomicReference<String> reason = new AtomicReference<>();
  private volatile Consumer<String> listener;

  public void cancel(String why) {
    if (reason.compareAndSet(null, why)) {
      Consumer<String> l = listener;
      if (l != null) {
        l.accept(why);
      }
    }
  }

  /**
   * Calls {@code onCancel} with the reason when the signal is cancelled, at once if it already is. It may be
   * called twice in a race with {@link #cancel}, so it must be idempotent.
   */
  public void onCancel(Consumer<String> onCancel) {
    this.listener = onCancel;
    String r = reason.get();
    if (r != null) {
      onCancel.accept(r);
    }
  }

  @Override
  public boolean isCancelled() {
    return reason.get() != null;
  }

  /** Why it was cancelled (a metric label such as {@code client_gone}), or null. */
  public String reason() {
    return reason.get();
  }
}
