package io.audioinsight.audio;

/**
 * Asked by the engine between blocks of frames (at least every ~100 ms of work) whether to stop.
 * Implementations must be cheap and thread-safe: the service flips them from an event loop while a
 * worker thread polls them.
 */
@FunctionalInterface
public interface Cancellation {

  Cancellation NONE = () -> false;

  boolean isCancelled();

  /** Throws {@link AnalysisCancelledException} once cancelled. */
  default void throwIfCancelled() {
    if (isCancelled()) {
      throw new AnalysisCancelledException();
    }
  }
}
