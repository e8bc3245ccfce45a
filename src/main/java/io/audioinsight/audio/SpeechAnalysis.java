package io.audioinsight.audio;

/**
 * What {@link SignalAnalyzer} produces from a 16 kHz signal: the SNR block, the shared spectrogram (for later
 * stages such as speakers) and how long each stage took.
 */
public record SpeechAnalysis(
    SnrResult snr, Spectrogram spectrogram, double spectrogramMs, double vadMs, double snrMs) {}
