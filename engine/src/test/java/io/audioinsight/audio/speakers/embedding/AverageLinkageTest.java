package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AverageLinkageTest {

  /** eval.py's ahc_sizes, literally: argmax over the whole matrix, Lance-Williams average, merge into row i. */
  private static int[][] referenceMerges(float[][] e) {
    int n = e.length;
    double[][] s = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = 0;
        for (int k = 0; k < e[i].length; k++) {
          d += (double) e[i][k] * e[j][k];
        }
        s[i][j] = i == j ? Double.NEGATIVE_INFINITY : d;
      }
    }
    double[] size = new double[n];
    java.util.Arrays.fill(size, 1);
    int[][] merges = new int[n - 1][];
    for (int m = 0; m < n - 1; m++) {
      int bi = 0;
      int bj = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (s[i][j] > s[bi][bj]) {
            bi = i;
            bj = j;
          }
        }
      }
      merges[m] = new int[] {bi, bj};
      for (int k = 0; k < n; k++) {
        double v = (s[bi][k] * size[bi] + s[bj][k] * size[bj]) / (size[bi] + size[bj]);
        s[bi][k] = v;
        s[k][bi] = v;
      }
      s[bi][bi] = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        s[bj][k] = Double.NEGATIVE_INFINITY;
        s[k][bj] = Double.NEGATIVE_INFINITY;
      }
      size[bi] += size[bj];
      size[bj] = 0;
    }
    return merges;
  }

  private static float[][] unitVectors(int n, int dim, int groups, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] centres = new float[groups][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) random.nextGaussian();
      }
    }
    float[][] e = new float[n][dim];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        e[i][d] = (float) (centres[random.nextInt(groups)][d] * 0.5 + random.nextGaussian());
        norm += e[i][d] * e[i][d];
      }
      for (int d = 0; d < dim; d++) {
        e[i][d] /= (float) Math.sqrt(norm);
      }
    }
    return e;
  }

  @Test
  void mergesInTheSameOrderAsTheCalibrationScript() {
    for (long seed = 1; seed <= 5; seed++) {
      float[][] e = unitVectors(60, 16, 3, seed);
      Dendrogram tree = AverageLinkage.cluster(e, Cancellation.NONE);
      int[][] expected = referenceMerges(e);
      for (int m = 0; m < expected.length; m++) {
        assertThat(new int[] {tree.into()[m], tree.from()[m]}).as("merge %d, seed %d", m, seed)
            .containsExactly(expected[m]);
      }
    }
  }

  @Test
  void mergeSimilaritiesNeverIncrease() {
    Dendrogram tree = AverageLinkage.cluster(unitVectors(80, 8, 4, 9), Cancellation.NONE);
    for (int m = 1; m < tree.similarity().length; m++) {
      assertThat(tree.similarity()[m]).isLessThanOrEqualTo(tree.similarity()[m - 1] + 1e-12);
    }
  }

  @Test
  void tiesGoToTheLowestRowThenColumn() {
    float[][] same = {{1, 0}, {1, 0}, {1, 0}};
    Dendrogram tree = AverageLinkage.cluster(same, Cancellation.NONE);
    assertThat(tree.into()).containsExactly(0, 0);
    assertThat(tree.from()).containsExactly(1, 2);
  }

  @Test
  void onePointHasNoMerges() {
    assertThat(AverageLinkage.cluster(new float[][] {{1, 0}}, Cancellation.NONE).similarity()).isEmpty();
  }

  @Test
  void groupsClusterWithTheAverageSimilarityOfTheirMembers() {
    float[][] e = unitVectors(6, 8, 2, 3);
    // groups {0,1,2} and {3,4} and {5}: their means, weighted by size
    float[][] means = {mean(e, 0, 3), mean(e, 3, 5), mean(e, 5, 6)};
    Dendrogram grouped = AverageLinkage.cluster(means, new int[] {3, 2, 1}, Cancellation.NONE);
    assertThat(grouped.total()).isEqualTo(6);
    // the last merge joins everything: its similarity is the mean over the pairs across its two sides
    int[] side = grouped.labelsAfter(1);
    double sum = 0;
    int pairs = 0;
    int[] group = {0, 0, 0, 1, 1, 2};
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 6; b++) {
        if (side[group[a]] != side[group[b]] && side[group[a]] == side[0]) {
          double s = 0;
          for (int d = 0; d < 8; d++) {
            s += (double) e[a][d] * e[b][d];
          }
          sum += s;
          pairs++;
        }
      }
    }
    assertThat(grouped.similarity()[1]).isCloseTo(sum / pairs, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(grouped.sizesAfter(2)).contains(6);
  }

  private static float[] mean(float[][] e, int from, int to) {
    float[] m = new float[e[0].length];
    for (int i = from; i < to; i++) {
      for (int d = 0; d < m.length; d++) {
        m[d] += e[i][d] / (to - from);
      }
    }
    return m;
  }
}
