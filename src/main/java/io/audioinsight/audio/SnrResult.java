package io.audioinsight.audio;

import java.util.List;

/**
 * Voice activity and signal-to-noise ratio, as defined in DESIGN.md.
 *
 * @param snrDb          active-speech SNR in dB; null when there is no speech; at most 100
 * @param globalSnrDb    WADA-SNR estimate over the whole file; null when it cannot be estimated
 * @param speechRatio    fraction of the duration inside speech segments
 * @param speechSegments speech segments in seconds, in time order, not overlapping
 */
public record SnrResult(
    Double snrDb,
    Double globalSnrDb,
    double speechRatio,
    List<Segment> speechSegments,
    String vadEngine,
    int vadHopSize,
    double vadThreshold) {

  public SnrResult {
    speechSegments = List.copyOf(speechSegments);
  }
}
