package io.audioinsight.audio;

/**
 * The outcome of one analysis. {@code snr} is null when the operation did not ask for it, and so is
 * {@code speakers}.
 *
 * @param durationS  duration of the decoded audio in seconds
 * @param sampleRate the file's own sample rate in Hz (before resampling to 16 kHz)
 * @param channels   the file's channel count (before the mix to mono)
 */
public record AnalysisResult(
    double durationS,
    int sampleRate,
    int channels,
    SnrResult snr,
    SpeakerResult speakers,
    StageTimings timings) {}
