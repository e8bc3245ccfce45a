package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BicClusteringTest {

  private static final int DIM = 4;

  /** A segment of {@code n} frames drawn from N(mean·1, I). */
  private static Gaussian segment(double mean, int n, Random rng) {
    float[] x = new float[n * DIM];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (mean + rng.nextGaussian());
    }
    Gaussian g = new Gaussian(DIM);
    for (int i = 0; i < n; i++) {
      g.add(x, i * DIM);
    }
    return g;
  }

  @Test
  void segmentsFromOneDistributionFormOneCluster() {
    Random rng = new Random(1);
    Gaussian[] segs = new Gaussian[10];
    for (int i = 0; i < segs.length; i++) {
      segs[i] = segment(0.0, 100, rng);
    }
    assertThat(BicClustering.cluster(segs, 1.0, Cancellation.NONE)).containsOnly(0);
  }

  @Test
  void segmentsFromTwoSeparatedDistributionsFormTwoClustersLabelledByFirstAppearance() {
    Random rng = new Random(2);
    double[] means = {3.0, 0.0, 0.0, 3.0, 0.0, 3.0, 3.0, 0.0};
    Gaussian[] segs = new Gaussian[means.length];
    for (int i = 0; i < segs.length; i++) {
      segs[i] = segment(means[i], 100, rng);
    }
    assertThat(BicClustering.cluster(segs, 1.0, Cancellation.NONE)).containsExactly(0, 1, 1, 0, 1, 0, 0, 1);
  }

  @Test
  void mergingTwoSamplesOfOneDistributionLowersTheBic() {
    Random rng = new Random(3);
    double[] work = new double[DIM * (DIM + 1) / 2];
    assertThat(BicClustering.deltaBic(segment(0, 200, rng), segment(0, 200, rng), 1.0, work)).isNegative();
    assertThat(BicClustering.deltaBic(segment(0, 200, rng), segment(1, 200, rng), 1.0, work)).isPositive();
  }

  @Test
  void renumberingFollowsFirstOccurrenceAndKeepsUnlabelled() {
    assertThat(BicClustering.renumber(new int[] {5, -1, 2, 5, 0, 2})).containsExactly(0, -1, 1, 0, 2, 1);
  }
}
