package io.audioinsight.audio;

import java.util.List;

/**
 * Voice activity and signal-to-noise ratio, as defined in DESIGN.md.
 *
 * @param snrDb          active-speech SNR in dB; null when the speech segments total under half a second; at most 100
 * @param globalSnrDb    speech energy over noise energy over the whole file, from the same powers as {@code snrDb}
 *                       (no longer WADA-SNR, whose Gaussian-noise model took rings and music for speech); null
 *                       with {@code snrDb}
 * @param speechRatio    fraction of the duration inside speech segments
 * @param speechSegments speech segments in seconds, in time order, not overlapping
 * @param snrConfidence  how far {@code snrDb} can be trusted: high, medium or low (from the width of
 *                       {@code snrIntervalDb}); null with {@code snrDb}
 * @param snrIntervalDb  where the true active-speech SNR lies, about 9 times in 10; null with {@code snrDb}
 * @param activeSpeechLevelDbfs active speech level after ITU-T P.56 in dBFS (a full-scale sine is -3.01); null
 *                       without speech
 * @param clippingRatio  fraction of the decoded samples at full scale (clipped)
 */
public record SnrResult(
    Double snrDb,
    Double globalSnrDb,
    double speechRatio,
    List<Segment> speechSegments,
    String vadEngine,
    int vadHopSize,
    double vadThreshold,
    String snrConfidence,
    Interval snrIntervalDb,
    Double activeSpeechLevelDbfs,
    double clippingRatio) {

  /** A range of dB values, {@code low <= high}. */
  public record Interval(double low, double high) {}

  public SnrResult {
    speechSegments = List.copyOf(speechSegments);
  }

  /** A result without the trust fields (no interval, no level, no clipping measured). */
  public SnrResult(Double snrDb, Double globalSnrDb, double speechRatio, List<Segment> speechSegments,
      String vadEngine, int vadHopSize, double vadThreshold) {
    this(snrDb, globalSnrDb, speechRatio, speechSegments, vadEngine, vadHopSize, vadThreshold, null, null, null, 0.0);
  }

  /** This result with the decoder's clipping ratio. */
  public SnrResult withClippingRatio(double ratio) {
    return new SnrResult(snrDb, globalSnrDb, speechRatio, speechSegments, vadEngine, vadHopSize, vadThreshold,
        snrConfidence, snrIntervalDb, activeSpeechLevelDbfs, ratio);
  }

  /**
   * This result with no segment ending after {@code durationS}, the duration the caller reports. The segments are
   * timed on the 16 kHz signal, which the resampler may make up to one sample longer than the file, so a
   * segment running to the end can round one millisecond past the file's own rounded duration.
   */
  public SnrResult endingBy(double durationS) {
    if (speechSegments.isEmpty() || speechSegments.get(speechSegments.size() - 1).end() <= durationS) {
      return this;
    }
    List<Segment> capped = new java.util.ArrayList<>(speechSegments.size());
    for (Segment s : speechSegments) {
      if (s.start() < durationS) {
        capped.add(s.end() <= durationS ? s : new Segment(s.start(), durationS));
      }
    }
    return new SnrResult(snrDb, globalSnrDb, speechRatio, capped, vadEngine, vadHopSize, vadThreshold, snrConfidence,
        snrIntervalDb, activeSpeechLevelDbfs, clippingRatio);
  }
}
