package io.audioinsight.audio;

import io.audioinsight.audio.decode.SourceFormat;

/**
 * The outcome of one analysis. {@code snr} is null when the operation did not ask for it, and so is
 * {@code speakers}.
 *
 * @param durationS  duration of the decoded audio in seconds
 * @param sampleRate the file's own sample rate in Hz (before resampling to 16 kHz)
 * @param channels   the file's channel count (before the mix to mono)
 * @param format     what the file was: container, codec, and again its own rate and channels
 */
public record AnalysisResult(
    double durationS,
    int sampleRate,
    int channels,
    SourceFormat format,
    SnrResult snr,
    SpeakerResult speakers,
    StageTimings timings) {}
