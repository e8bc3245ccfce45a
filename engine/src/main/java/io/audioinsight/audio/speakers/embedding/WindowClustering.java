package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;

/** Groups the windows (or fixed groups of windows) into voices with the rule the model's parameters name. */
final class WindowClustering {

  private WindowClustering() {}

  /**
   * Per point its voice 0..k-1, or -1 for a point of a cluster too small to count (to be joined to the nearest
   * voice by the caller).
   *
   * @param points  unit vectors, or the means of groups of unit vectors
   * @param weights windows each point stands for
   */
  static int[] voices(float[][] points, int[] weights, CountingParameters counting, SpeakerHints hints,
                      Cancellation cancellation) {
    return switch (counting.clustering()) {
      case AHC -> ClusterCut.voices(AverageLinkage.cluster(points, weights, cancellation), counting.threshold(),
          counting.minFrac(), hints);
      case SPECTRAL -> SpectralClustering.voices(points, weights, counting.minFrac(), hints, cancellation);
      case AHC_SPECTRAL -> {
        int[] ahc = ClusterCut.voices(AverageLinkage.cluster(points, weights, cancellation), counting.threshold(),
            counting.minFrac(), hints);
        int count = java.util.Arrays.stream(ahc).max().orElse(-1) + 1;
        yield SpectralClustering.voices(points, weights, counting.minFrac(),
            new SpeakerHints(Math.max(1, Math.min(count, SpeakerHints.MAX_HINT)), 0, 0), cancellation);
      }
    };
  }

  /** As above, one window per point. */
  static int[] voices(float[][] points, CountingParameters counting, SpeakerHints hints, Cancellation cancellation) {
    int[] ones = new int[points.length];
    java.util.Arrays.fill(ones, 1);
    return voices(points, ones, counting, hints, cancellation);
  }
}
