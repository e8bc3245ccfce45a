package io.audioinsight.audio;

/**
 * What {@link SignalAnalyzer} produces from a 16 kHz signal: the SNR block, the shared spectrogram and the
 * speech mask on its 10 ms frames (for later stages such as speakers), and how long each stage took.
 *
 * @param snrSums      the sums the SNR block was estimated from (null when the SNR was not asked for)
 * @param speechFrames per spectrogram frame, true inside a speech segment; shared, not copied: read only
 * @param vadCarry     for a chunk of a long file, what the next chunk's voice activity goes on from ({@link VadCarry});
 *                     null otherwise, or where the engine has none
 * @param usedCarry    whether the voice activity went on from the previous chunk's carry rather than its context
 */
public record SpeechAnalysis(
    SnrResult snr,
    io.audioinsight.audio.snr.SnrSums snrSums,
    Spectrogram spectrogram,
    boolean[] speechFrames,
    double spectrogramMs,
    double vadMs,
    double snrMs,
    VadCarry vadCarry,
    boolean usedCarry) {

  public SpeechAnalysis(SnrResult snr, io.audioinsight.audio.snr.SnrSums snrSums, Spectrogram spectrogram,
                        boolean[] speechFrames, double spectrogramMs, double vadMs, double snrMs) {
    this(snr, snrSums, spectrogram, speechFrames, spectrogramMs, vadMs, snrMs, null, false);
  }
}
