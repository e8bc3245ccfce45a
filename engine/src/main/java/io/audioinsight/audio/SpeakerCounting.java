package io.audioinsight.audio;

/**
 * A speaker counter: from the 16 kHz samples, the shared spectrogram and the VAD's speech mask to the count
 * and the turns. Implementations are immutable and thread-safe, deterministic, and check {@code cancellation}
 * between blocks of work. {@code speakers.engine} chooses one ({@link SpeakerEngines}).
 */
public interface SpeakerCounting {

  /** Reported as {@code speaker_engine}: "embedding" or "classic". */
  String name();

  /**
   * Counts the speakers.
   *
   * @param speechFrames per spectrogram frame (10 ms), true where the VAD heard speech
   */
  SpeakerResult count(float[] samples, Spectrogram spec, boolean[] speechFrames, SpeakerHints hints,
                      Cancellation cancellation);
}
