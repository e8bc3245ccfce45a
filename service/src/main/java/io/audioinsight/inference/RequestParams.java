package io.audioinsight.inference;

import io.audioinsight.audio.SpeakerHints;

/**
 * The validated per-request parameters. {@code timeoutMs} is null when the caller gave none (the service then
 * applies {@code inference.default_timeout_ms}); otherwise it is capped by {@code inference.max_timeout_ms}.
 * {@code speakerHints} holds {@code num_speakers}, {@code min_speakers} and {@code max_speakers}.
 */
public record RequestParams(int vadHopSize, double vadThreshold, Long timeoutMs, SpeakerHints speakerHints) {

  /** Without speaker hints. */
  public RequestParams(int vadHopSize, double vadThreshold, Long timeoutMs) {
    this(vadHopSize, vadThreshold, timeoutMs, SpeakerHints.NONE);
  }
}
