package io.audioinsight.inference;

import io.audioinsight.audio.Operation;
import io.vertx.core.Future;

/**
 * The one path to the engine: HTTP routes and event-bus consumers both call it. Futures fail with
 * {@link io.audioinsight.api.ProblemException} (rejected, deadline) or the engine's
 * {@link io.audioinsight.audio.AudioFormatException}; {@link io.audioinsight.api.Problems#from} maps either.
 * A clustered deployment would add an implementation that forwards over the event bus.
 */
public interface InferenceService {

  Future<InferenceResult> snr(AudioRequest request);

  Future<InferenceResult> speakers(AudioRequest request);

  Future<InferenceResult> analyze(AudioRequest request);

  /**
   * The 503 a new request would get right now, before its body is read (queue full by job count, or draining),
   * or null. A non-null answer is counted as a rejection; the caller must answer with it.
   */
  default io.audioinsight.api.Problem refusalNow() {
    return null;
  }

  /**
   * Counts a request whose deadline passed before it could be submitted (its body was still arriving), like any
   * other deadline; the caller answers it with 504.
   */
  default void deadlinePassedBeforeSubmit() {}

  default Future<InferenceResult> run(Operation operation, AudioRequest request) {
    return switch (operation) {
      case SNR -> snr(request);
      case SPEAKERS -> speakers(request);
      case ANALYZE -> analyze(request);
    };
  }
}
