package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowClusteringTest {

  private static final CountingParameters AHC = new CountingParameters(0.2, 0.1, 1.5, 0.75);

  /** Unit vectors around {@code groups} random centres, noisy enough that the groups overlap. */
  private static float[][] noisyGroups(long seed, int groups, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    int dim = 16;
    float[][] centre = new float[groups][dim];
    for (float[] c : centre) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) random.nextGaussian();
      }
    }
    float[][] p = new float[n][dim];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        p[i][d] = (float) (centre[random.nextInt(groups)][d] + 0.9 * random.nextGaussian());
        norm += p[i][d] * p[i][d];
      }
      for (int d = 0; d < dim; d++) {
        p[i][d] /= (float) Math.sqrt(norm);
      }
    }
    return p;
  }

  private static int count(int[] voices) {
    return Arrays.stream(voices).max().orElse(-1) + 1;
  }

  @Test
  void ahcSpectralCountsAsAhcWithOrWithoutHints() {
    SpeakerHints[] hints = {SpeakerHints.NONE, new SpeakerHints(3, 0, 0), new SpeakerHints(0, 2, 4),
        new SpeakerHints(0, 0, 1)};
    for (long seed = 1; seed <= 12; seed++) {
      float[][] points = noisyGroups(seed, 1 + (int) (seed % 4), 60);
      for (SpeakerHints h : hints) {
        int ahc = count(WindowClustering.voices(points, AHC, h, Cancellation.NONE));
        int[] hybrid = WindowClustering.voices(points, AHC.withClustering(ClusteringRule.AHC_SPECTRAL), h,
            Cancellation.NONE);
        assertThat(count(hybrid)).as("seed %d, hints %s", seed, h).isEqualTo(ahc);
        assertThat(Arrays.stream(hybrid).min().orElse(0)).as("every window has a voice").isNotNegative();
      }
    }
  }

  @Test
  void eachRuleIsTheOneItsParametersName() {
    float[][] points = noisyGroups(5, 3, 60);
    assertThat(WindowClustering.voices(points, AHC, SpeakerHints.NONE, Cancellation.NONE))
        .isEqualTo(ClusterCut.voices(AverageLinkage.cluster(points, Cancellation.NONE), 0.2, 0.1, SpeakerHints.NONE));
    int[] ones = new int[points.length];
    Arrays.fill(ones, 1);
    assertThat(WindowClustering.voices(points, AHC.withClustering(ClusteringRule.SPECTRAL), SpeakerHints.NONE,
        Cancellation.NONE))
        .isEqualTo(SpectralClustering.voices(points, ones, 0.1, SpeakerHints.NONE, Cancellation.NONE));
  }
}
