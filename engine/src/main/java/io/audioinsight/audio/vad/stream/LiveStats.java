package io.audioinsight.audio.vad.stream;

/**
 * A live stream's figures so far (the {@code stats} event).
 *
 * @param decidedSeconds stream time up to which voice activity is decided
 * @param speechRatio    fraction of that time inside speech segments
 * @param snrDb          running active-speech SNR estimate (see {@link RunningSnr}); null until there is both
 *                       speech and non-speech
 */
public record LiveStats(double decidedSeconds, double speechRatio, Double snrDb) {}
