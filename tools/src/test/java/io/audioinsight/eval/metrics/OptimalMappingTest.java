package io.audioinsight.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimalMappingTest {

  @Test
  void picksTheAssignmentWithTheLargestTotalNotTheGreedyOne() {
    // Greedy takes 9 (row 0 -> col 0) and then 1; the optimum is 8 + 8.
    long[][] w = {{9, 8}, {8, 1}};
    assertThat(OptimalMapping.maximize(w)).containsExactly(1, 0);
  }

  @Test
  void extraRowsStayUnassigned() {
    long[][] w = {{5}, {7}, {1}};
    assertThat(OptimalMapping.maximize(w)).containsExactly(-1, 0, -1);
  }

  @Test
  void extraColumnsAreLeftOver() {
    long[][] w = {{1, 2, 10}};
    assertThat(OptimalMapping.maximize(w)).containsExactly(2);
  }

  @Test
  void matchesBruteForceOnRandomMatrices() {
    Random r = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      int rows = 1 + r.nextInt(5);
      int cols = 1 + r.nextInt(5);
      long[][] w = new long[rows][cols];
      for (long[] row : w) {
        for (int j = 0; j < cols; j++) {
          row[j] = r.nextInt(100);
        }
      }
      int[] m = OptimalMapping.maximize(w);
      long total = 0;
      boolean[] used = new boolean[cols];
      for (int i = 0; i < rows; i++) {
        if (m[i] >= 0) {
          assertThat(used[m[i]]).as("column used twice").isFalse();
          used[m[i]] = true;
          total += w[i][m[i]];
        }
      }
      assertThat(total).isEqualTo(bruteForce(w, 0, new boolean[cols]));
    }
  }

  private static long bruteForce(long[][] w, int row, boolean[] used) {
    if (row == w.length) {
      return 0;
    }
    long best = bruteForce(w, row + 1, used); // row left unassigned
    for (int j = 0; j < used.length; j++) {
      if (!used[j]) {
        used[j] = true;
        best = Math.max(best, w[row][j] + bruteForce(w, row + 1, used));
        used[j] = false;
      }
    }
    return best;
  }
}
