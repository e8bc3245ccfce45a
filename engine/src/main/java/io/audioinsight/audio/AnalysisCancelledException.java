package io.audioinsight.audio;

/** Thrown by the engine when its {@link Cancellation} says stop; the caller knows why it cancelled. */
public final class AnalysisCancelledException extends RuntimeException {

  public AnalysisCancelledException() {
    super("analysis cancelled", null, false, false);
  }
}
