package io.audioinsight.audio.speakers.embedding;

import java.util.Arrays;

/**
 * The merges of {@link AverageLinkage}, in order: merge {@code m} pools cluster {@code from[m]} into cluster
 * {@code into[m]} (clusters named by their surviving point index) at average similarity {@code similarity[m]},
 * which never increases from one merge to the next (average linkage has no inversions). Cutting it after
 * {@code s} merges leaves {@code n - s} clusters. Each point stands for {@code weight[p]} windows (1 unless the
 * points are groups of neighbouring windows: AverageLinkage's grouped {@code cluster}).
 */
record Dendrogram(int points, int[] into, int[] from, double[] similarity, int[] weight) {

  /** Every point one window. */
  Dendrogram(int points, int[] into, int[] from, double[] similarity) {
    this(points, into, from, similarity, ones(points));
  }

  private static int[] ones(int n) {
    int[] w = new int[n];
    Arrays.fill(w, 1);
    return w;
  }

  /** The windows all points stand for. */
  int total() {
    int t = 0;
    for (int w : weight) {
      t += w;
    }
    return t;
  }

  /** Merges made before the first whose similarity is under {@code threshold}: eval.py's stopping rule. */
  int mergesAbove(double threshold) {
    int s = 0;
    while (s < similarity.length && similarity[s] >= threshold) {
      s++;
    }
    return s;
  }

  /** Each point's cluster (the surviving index) after the first {@code merges} merges. */
  int[] labelsAfter(int merges) {
    int[] parent = new int[points];
    for (int p = 0; p < points; p++) {
      parent[p] = p;
    }
    for (int m = 0; m < merges; m++) {
      parent[from[m]] = into[m];
    }
    int[] label = new int[points];
    for (int p = 0; p < points; p++) {
      int r = p;
      while (parent[r] != r) {
        r = parent[r];
      }
      label[p] = r;
    }
    return label;
  }

  /**
   * Cluster sizes in windows after the first {@code merges} merges, indexed by surviving point (0 for merged-away
   * ones).
   */
  int[] sizesAfter(int merges) {
    int[] size = weight.clone();
    for (int m = 0; m < merges; m++) {
      size[into[m]] += size[from[m]];
      size[from[m]] = 0;
    }
    return size;
  }
}
