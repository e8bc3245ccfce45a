package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpectralClusteringTest {

  private static final int DIM = 32;

  /**
   * Unit vectors in {@code sizes.length} groups, the windows of one group in a row (as turns would not be, but
   * the rule ignores order): each a random group centre plus noise of {@code spread} per dimension, so that
   * within a group cosines are about 0.7 and across groups about 0.
   */
  private static float[][] groups(long seed, double spread, int... sizes) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] centre = new float[sizes.length][DIM];
    for (float[] c : centre) {
      for (int d = 0; d < DIM; d++) {
        c[d] = (float) random.nextGaussian();
      }
    }
    float[][] points = new float[Arrays.stream(sizes).sum()][DIM];
    int at = 0;
    for (int g = 0; g < sizes.length; g++) {
      for (int i = 0; i < sizes[g]; i++, at++) {
        double norm = 0;
        for (int d = 0; d < DIM; d++) {
          points[at][d] = (float) (centre[g][d] + spread * random.nextGaussian());
          norm += points[at][d] * points[at][d];
        }
        for (int d = 0; d < DIM; d++) {
          points[at][d] /= (float) Math.sqrt(norm);
        }
      }
    }
    return points;
  }

  private static int[] ones(int n) {
    int[] w = new int[n];
    Arrays.fill(w, 1);
    return w;
  }

  private static int[] voices(float[][] points, double minFrac, SpeakerHints hints) {
    return SpectralClustering.voices(points, ones(points.length), minFrac, hints, Cancellation.NONE);
  }

  private static int count(int[] voices) {
    return Arrays.stream(voices).max().orElse(-1) + 1;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void clearGroupsAreCountedAndEachGroupIsOneVoice(int k) {
    int[] sizes = new int[k];
    for (int g = 0; g < k; g++) {
      sizes[g] = 20 + 7 * g; // unequal groups
    }
    for (long seed = 1; seed <= 5; seed++) {
      int[] v = voices(groups(seed, 0.6, sizes), 0.1, SpeakerHints.NONE);
      assertThat(count(v)).as("seed %d", seed).isEqualTo(k);
      int at = 0;
      for (int size : sizes) {
        int first = v[at];
        for (int i = at; i < at + size; i++) {
          assertThat(v[i]).as("seed %d, point %d", seed, i).isEqualTo(first);
        }
        at += size;
      }
    }
  }

  @Test
  void numSpeakersFixesTheCount() {
    float[][] three = groups(7, 0.6, 25, 25, 25);
    assertThat(count(voices(three, 0.1, new SpeakerHints(1, 0, 0)))).isEqualTo(1);
    assertThat(count(voices(three, 0.1, new SpeakerHints(2, 0, 0)))).isEqualTo(2);
    assertThat(count(voices(three, 0.1, new SpeakerHints(5, 0, 0)))).isEqualTo(5);
  }

  /**
   * One voice asked for (ahc-spectral passes AHC's count of one this way, on up to 1200 points in a long job's
   * join): every point is voice 0 without the O(n³) spectrum, so not even the affinity matrix is built (it
   * checks the cancellation every 64 rows, which here would throw).
   */
  @Test
  void oneVoiceAskedForIsAnsweredWithoutComputingTheSpectrum() {
    float[][] three = groups(7, 0.6, 100, 100, 100);
    Cancellation neverAsked = () -> {
      throw new AssertionError("the spectrum was computed");
    };
    int[] voices = SpectralClustering.voices(three, ones(three.length), 0.1, new SpeakerHints(1, 0, 0), neverAsked);
    assertThat(voices).containsOnly(0).hasSize(300);
  }

  @Test
  void boundsMoveTheCountIntoTheirRange() {
    float[][] three = groups(8, 0.6, 25, 25, 25);
    assertThat(count(voices(three, 0.1, new SpeakerHints(0, 1, 5)))).isEqualTo(3);
    assertThat(count(voices(three, 0.1, new SpeakerHints(0, 0, 2)))).isEqualTo(2);
    assertThat(count(voices(three, 0.1, new SpeakerHints(0, 4, 0)))).isEqualTo(4);
  }

  @Test
  void aHintAboveTheNumberOfPointsGivesOneVoicePerPoint() {
    float[][] two = {{1, 0}, {0, 1}};
    assertThat(voices(two, 0.1, new SpeakerHints(4, 0, 0))).containsExactly(0, 1);
  }

  @Test
  void withoutHintsAClusterUnderMinFracIsNotAVoice() {
    float[][] points = groups(9, 0.4, 40, 40, 6); // the third group: 6 of 86 points, 7 %
    int[] v = voices(points, 0.1, SpeakerHints.NONE);
    assertThat(count(v)).isEqualTo(2);
    assertThat(Arrays.copyOfRange(v, 80, 86)).containsOnly(-1);
    assertThat(count(voices(points, 0.0, SpeakerHints.NONE))).isEqualTo(3);
  }

  @Test
  void minFracCountsTheWeightOfGroupedPoints() {
    float[][] points = groups(10, 0.4, 10, 10, 10);
    int[] weights = ones(30);
    for (int i = 20; i < 30; i++) {
      weights[i] = 20; // the third group stands for 200 of 400 windows
    }
    Arrays.fill(weights, 0, 20, 10); // the first two for 100 each
    int[] v = SpectralClustering.voices(points, weights, 0.3, SpeakerHints.NONE, Cancellation.NONE);
    assertThat(count(v)).isEqualTo(1);
    assertThat(Arrays.copyOfRange(v, 20, 30)).containsOnly(0);
  }

  @Test
  void tooFewPointsForTheSpectrumAreOneVoice() {
    assertThat(voices(groups(11, 0.3, 3), 0.1, SpeakerHints.NONE)).containsExactly(0, 0, 0);
  }

  @Test
  void theResultIsTheSameOnEveryRun() {
    float[][] points = groups(12, 1.0, 30, 25, 20, 15); // noisy: groups overlap
    int[] first = voices(points, 0.1, SpeakerHints.NONE);
    for (int run = 0; run < 5; run++) {
      assertThat(voices(points, 0.1, SpeakerHints.NONE)).isEqualTo(first);
    }
  }

  @Test
  void aCancelledAnalysisStopsTheClustering() {
    float[][] points = groups(13, 0.6, 30, 30);
    assertThatThrownBy(() -> SpectralClustering.voices(points, ones(60), 0.1, SpeakerHints.NONE, () -> true))
        .isInstanceOf(AnalysisCancelledException.class);
  }

  @Test
  void theEigengapCountIsTheLargestGapInTheRange() {
    double[] ascending = {0, 0, 0, 0.5, 0.6, 1.0};
    assertThat(SpectralClustering.eigengapCount(ascending, 1, 5)).isEqualTo(3);
    assertThat(SpectralClustering.eigengapCount(ascending, 1, 2)).isEqualTo(1); // ties: the smallest count
    assertThat(SpectralClustering.eigengapCount(ascending, 4, 5)).isEqualTo(5);
  }

  @Test
  void kMeansFillsEveryCluster() {
    double[][] identical = new double[6][2];
    for (double[] r : identical) {
      r[0] = 1;
    }
    int[] label = SpectralClustering.kMeans(identical, 3, Cancellation.NONE);
    assertThat(Arrays.stream(label).distinct().count()).isEqualTo(3);
  }
}
