package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;

/**
 * Agglomerative clustering with average linkage on cosine similarity, run to a single cluster; it knows
 * nothing about audio. The merge order is exactly {@code ahc_sizes} of
 * {@code scripts/train/speaker-embedding/eval.py}, so thresholds calibrated there apply: the most similar pair
 * is merged first (ties: the lowest row, then the lowest column, as numpy's {@code argmax} on the matrix), into
 * the lower index, and the new similarities are the size-weighted means (Lance-Williams).
 *
 * <p>Each row's best partner is cached, so a merge costs O(n) plus a rescan of the rows whose best partner was
 * one of the pair: O(n²) in practice for n points (O(n²) memory).
 */
final class AverageLinkage {

  /** Merges between cancellation checks. */
  private static final int CHECK_EVERY_MERGES = 64;

  private AverageLinkage() {}

  /** All merges, in order, of the unit vectors {@code points}, until one cluster is left. */
  static Dendrogram cluster(float[][] points, Cancellation cancellation) {
    int[] ones = new int[points.length];
    java.util.Arrays.fill(ones, 1);
    return cluster(points, ones, cancellation);
  }

  /**
   * As above, for groups fixed in advance: {@code means[g]} is the mean of the {@code sizes[g]} unit vectors of
   * group g. For unit vectors the mean pairwise cosine between two groups is the dot product of their means, so
   * the linkage between any two clusters of groups is exactly what it would be over their members; only the
   * groups themselves are never split. With every size 1 this is the clustering above.
   */
  static Dendrogram cluster(float[][] means, int[] sizes, Cancellation cancellation) {
    float[][] points = means;
    int n = points.length;
    double[] sim = new double[n * n];
    for (int i = 0; i < n; i++) {
      if (i % CHECK_EVERY_MERGES == 0) {
        cancellation.throwIfCancelled();
      }
      sim[i * n + i] = Double.NEGATIVE_INFINITY;
      for (int j = i + 1; j < n; j++) {
        double s = dot(points[i], points[j]);
        sim[i * n + j] = s;
        sim[j * n + i] = s;
      }
    }
    boolean[] alive = new boolean[n];
    int[] size = new int[n];
    int[] best = new int[n];
    for (int i = 0; i < n; i++) {
      alive[i] = true;
      size[i] = sizes[i];
    }
    for (int i = 0; i < n; i++) {
      best[i] = bestPartner(sim, alive, n, i);
    }
    int merges = Math.max(0, n - 1);
    int[] into = new int[merges];
    int[] from = new int[merges];
    double[] similarity = new double[merges];
    for (int m = 0; m < merges; m++) {
      if (m % CHECK_EVERY_MERGES == 0) {
        cancellation.throwIfCancelled();
      }
      // the row holding the largest similarity, first such row on ties: numpy's argmax order
      int i = -1;
      for (int r = 0; r < n; r++) {
        if (alive[r] && best[r] >= 0 && (i < 0 || sim[r * n + best[r]] > sim[i * n + best[i]])) {
          i = r;
        }
      }
      int j = best[i];
      into[m] = i;
      from[m] = j;
      similarity[m] = sim[i * n + j];
      int si = size[i];
      int sj = size[j];
      alive[j] = false;
      size[i] = si + sj;
      size[j] = 0;
      for (int k = 0; k < n; k++) {
        if (alive[k] && k != i) {
          double s = (sim[i * n + k] * si + sim[j * n + k] * sj) / (si + sj);
          sim[i * n + k] = s;
          sim[k * n + i] = s;
        }
      }
      best[j] = -1;
      best[i] = bestPartner(sim, alive, n, i);
      for (int k = 0; k < n; k++) {
        if (!alive[k] || k == i) {
          continue;
        }
        if (best[k] == i || best[k] == j) {
          best[k] = bestPartner(sim, alive, n, k);
        } else if (isBetter(sim[k * n + i], i, sim[k * n + best[k]], best[k])) {
          best[k] = i;
        }
      }
    }
    return new Dendrogram(n, into, from, similarity, sizes.clone());
  }

  /** The partner of row {@code r} with the largest similarity, the lowest column on ties; -1 if none alive. */
  private static int bestPartner(double[] sim, boolean[] alive, int n, int r) {
    int b = -1;
    for (int c = 0; c < n; c++) {
      if (c != r && alive[c] && (b < 0 || sim[r * n + c] > sim[r * n + b])) {
        b = c;
      }
    }
    return b;
  }

  private static boolean isBetter(double s, int c, double bestS, int bestC) {
    return s > bestS || (s == bestS && c < bestC);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += (double) a[k] * b[k];
    }
    return s;
  }
}
