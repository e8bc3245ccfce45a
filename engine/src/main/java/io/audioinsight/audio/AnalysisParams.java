package io.audioinsight.audio;

/**
 * What the caller asks of one analysis.
 *
 * @param operation       which blocks to compute
 * @param vadHopSize      samples at 16 kHz per reported VAD decision (default 512 = 32 ms)
 * @param vadThreshold    speech probability threshold, in (0, 1)
 * @param maxAudioSeconds longest audio accepted; checked from the header before samples are allocated
 * @param speakerHints    what the caller knows about the number of speakers ({@link SpeakerHints#NONE}: nothing)
 */
public record AnalysisParams(Operation operation, int vadHopSize, double vadThreshold, double maxAudioSeconds,
                             SpeakerHints speakerHints) {

  public static final int DEFAULT_VAD_HOP_SIZE = 512;
  public static final double DEFAULT_VAD_THRESHOLD = 0.5;
  public static final int MIN_VAD_HOP_SIZE = 160;
  public static final int MAX_VAD_HOP_SIZE = 16_000;

  public AnalysisParams {
    if (operation == null) {
      throw new IllegalArgumentException("operation is required");
    }
    if (vadHopSize < MIN_VAD_HOP_SIZE || vadHopSize > MAX_VAD_HOP_SIZE) {
      throw new IllegalArgumentException(
          "vad_hop_size must be between " + MIN_VAD_HOP_SIZE + " and " + MAX_VAD_HOP_SIZE + ", got " + vadHopSize);
    }
    if (!(vadThreshold > 0.0 && vadThreshold < 1.0)) {
      throw new IllegalArgumentException("vad_threshold must be in (0, 1), got " + vadThreshold);
    }
    if (!(maxAudioSeconds > 0.0)) {
      throw new IllegalArgumentException("maxAudioSeconds must be positive, got " + maxAudioSeconds);
    }
    if (speakerHints == null) {
      throw new IllegalArgumentException("speakerHints is required (SpeakerHints.NONE for none)");
    }
  }

  /** Without speaker hints. */
  public AnalysisParams(Operation operation, int vadHopSize, double vadThreshold, double maxAudioSeconds) {
    this(operation, vadHopSize, vadThreshold, maxAudioSeconds, SpeakerHints.NONE);
  }

  /** These parameters with {@code hints}. */
  public AnalysisParams withSpeakerHints(SpeakerHints hints) {
    return new AnalysisParams(operation, vadHopSize, vadThreshold, maxAudioSeconds, hints);
  }

  public static AnalysisParams defaults(Operation operation, double maxAudioSeconds) {
    return new AnalysisParams(operation, DEFAULT_VAD_HOP_SIZE, DEFAULT_VAD_THRESHOLD, maxAudioSeconds);
  }
}
