package io.audioinsight.audio;

/**
 * A voice activity engine: speech probability per block of the caller's grid.
 *
 * <p>Implementations are thread-safe and keep no state across calls (per-request state lives in locals).
 * The DSP engine reads the shared {@link Spectrogram}; a neural engine may read the samples instead.
 */
public interface VoiceActivityDetector {

  /** Reported as {@code vad_engine}: "dsp" or "silero". */
  String name();

  /**
   * Speech probability in [0, 1] for each consecutive block of {@code hopSize} samples of the 16 kHz
   * signal; block {@code j} covers samples {@code [j*hopSize, (j+1)*hopSize)}, the last one possibly
   * partial, so the array has {@code ceil(samples.length / hopSize)} entries.
   */
  float[] speechProbabilities(float[] samples16k, Spectrogram spectrogram, int hopSize, Cancellation cancellation);
}
