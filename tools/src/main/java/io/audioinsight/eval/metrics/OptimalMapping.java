package io.audioinsight.eval.metrics;

import java.util.Arrays;

/**
 * The one-to-one assignment of rows to columns that maximises the total weight (Hungarian algorithm,
 * O(n^3)); used to map hypothesis speaker labels to reference labels before scoring.
 */
public final class OptimalMapping {

  private OptimalMapping() {}

  /**
   * For each row, the column assigned to it, or -1 when there are more rows than columns. {@code weights} is
   * rows x columns, non-negative.
   */
  public static int[] maximize(long[][] weights) {
    int rows = weights.length;
    int cols = rows == 0 ? 0 : weights[0].length;
    int n = Math.max(rows, cols);
    int[] result = new int[rows];
    Arrays.fill(result, -1);
    if (n == 0) {
      return result;
    }
    long max = 0;
    for (long[] row : weights) {
      for (long w : row) {
        max = Math.max(max, w);
      }
    }
    // Minimise cost = max - weight on a square matrix padded with zero-weight entries.
    long[][] cost = new long[n + 1][n + 1];
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= n; j++) {
        long w = i <= rows && j <= cols ? weights[i - 1][j - 1] : 0;
        cost[i][j] = max - w;
      }
    }
    long[] u = new long[n + 1];
    long[] v = new long[n + 1];
    int[] p = new int[n + 1]; // p[j]: row matched to column j
    int[] way = new int[n + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      long[] minv = new long[n + 1];
      Arrays.fill(minv, Long.MAX_VALUE);
      boolean[] used = new boolean[n + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        long delta = Long.MAX_VALUE;
        int j1 = 0;
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            long cur = cost[i0][j] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    for (int j = 1; j <= n; j++) {
      int i = p[j];
      if (i >= 1 && i <= rows && j <= cols) {
        result[i - 1] = j - 1;
      }
    }
    return result;
  }
}
