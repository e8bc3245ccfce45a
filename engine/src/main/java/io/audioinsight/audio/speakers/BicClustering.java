package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Cancellation;

/**
 * Agglomerative clustering of segments by the Bayesian information criterion (Chen &amp; Gopalakrishnan 1998).
 *
 * <p>Each cluster is one full-covariance Gaussian. Merging clusters i and j changes the BIC by
 * {@code ΔBIC = ½(n·log|Σ| − n_i·log|Σ_i| − n_j·log|Σ_j|) − λ·½(d + d(d+1)/2)·log n}: the likelihood lost by
 * modelling both with one Gaussian, against the parameters saved. The closest pair is merged while some
 * ΔBIC is negative, so the data, not a preset count, decides where to stop. Ties go to the lowest indices,
 * so the result is deterministic. O(k²) memory and O(k²) log-determinants for k segments.
 */
final class BicClustering {

  private BicClustering() {}


  /** A set of clusters that can score and perform merges; BIC's two ingredients. */
  interface Clusters {
    int size();

    /** ΔBIC of merging clusters i and j (i &lt; j); negative when one model explains both better. */
    double deltaBic(int i, int j);

    /** Pools cluster {@code from} into cluster {@code into}. */
    void merge(int into, int from);
  }

  /**
   * Agglomerates {@code clusters} while the best merge lowers the BIC and returns each initial cluster's
   * final label, numbered 0.. in order of each cluster's lowest index.
   */
  static int[] cluster(Clusters clusters, Cancellation cancellation) {
    return cluster(clusters, 1, Integer.MAX_VALUE, cancellation);
  }

  /**
   * As {@link #cluster(Clusters, Cancellation)}, within bounds the caller knows (speaker hints): merging stops
   * at {@code minClusters}, and goes on past a positive ΔBIC (the least costly merge first) while there are
   * more than {@code maxClusters}.
   */
  static int[] cluster(Clusters clusters, int minClusters, int maxClusters, Cancellation cancellation) {
    int k = clusters.size();
    int[] labels = new int[k];
    boolean[] alive = new boolean[k];
    for (int i = 0; i < k; i++) {
      alive[i] = true;
      labels[i] = i;
    }
    double[] delta = new double[k * k];
    for (int i = 0; i < k; i++) {
      cancellation.throwIfCancelled();
      for (int j = i + 1; j < k; j++) {
        delta[i * k + j] = clusters.deltaBic(i, j);
      }
    }
    for (int remaining = k; remaining > Math.max(1, minClusters); remaining--) {
      cancellation.throwIfCancelled();
      int bi = -1;
      int bj = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        if (!alive[i]) {
          continue;
        }
        for (int j = i + 1; j < k; j++) {
          if (alive[j] && delta[i * k + j] < best) {
            best = delta[i * k + j];
            bi = i;
            bj = j;
          }
        }
      }
      if (bi < 0 || (best >= 0.0 && remaining <= maxClusters)) {
        break; // every merge would raise the BIC: the clusters are distinct
      }
      clusters.merge(bi, bj);
      alive[bj] = false;
      for (int s = 0; s < k; s++) {
        if (labels[s] == bj) {
          labels[s] = bi;
        }
      }
      for (int o = 0; o < k; o++) {
        if (alive[o] && o != bi) {
          int lo = Math.min(o, bi);
          int hi = Math.max(o, bi);
          delta[lo * k + hi] = clusters.deltaBic(lo, hi);
        }
      }
    }
    return renumber(labels);
  }

  /** Full-covariance Gaussian clusters (the segments are copied, not changed). */
  static int[] cluster(Gaussian[] segments, double lambda, Cancellation cancellation) {
    return cluster(segments, lambda, 1, Integer.MAX_VALUE, cancellation);
  }

  /** As {@link #cluster(Gaussian[], double, Cancellation)}, with at least/at most that many clusters. */
  static int[] cluster(Gaussian[] segments, double lambda, int minClusters, int maxClusters,
                       Cancellation cancellation) {
    int k = segments.length;
    if (k == 0) {
      return new int[0];
    }
    int dim = segments[0].dim;
    double penaltyPerLogN = lambda * 0.5 * (dim + dim * (dim + 1) / 2.0);
    double[] work = new double[dim * (dim + 1) / 2];
    Gaussian[] g = new Gaussian[k];
    double[] logDet = new double[k];
    for (int i = 0; i < k; i++) {
      g[i] = new Gaussian(dim);
      g[i].addAll(segments[i]);
      logDet[i] = g[i].logDet(null, work);
    }
    return cluster(new Clusters() {
      @Override
      public int size() {
        return k;
      }

      @Override
      public double deltaBic(int i, int j) {
        return BicClustering.deltaBic(g, logDet, i, j, penaltyPerLogN, work);
      }

      @Override
      public void merge(int into, int from) {
        g[into].addAll(g[from]);
        logDet[into] = g[into].logDet(null, work);
      }
    }, minClusters, maxClusters, cancellation);
  }

  /** ΔBIC for merging clusters i and j (negative: one Gaussian explains both better). */
  static double deltaBic(Gaussian a, Gaussian b, double lambda, double[] work) {
    int dim = a.dim;
    double penaltyPerLogN = lambda * 0.5 * (dim + dim * (dim + 1) / 2.0);
    Gaussian[] pair = {a, b};
    double[] ld = {a.logDet(null, work), b.logDet(null, work)};
    return deltaBic(pair, ld, 0, 1, penaltyPerLogN, work);
  }

  private static double deltaBic(
      Gaussian[] clusters, double[] logDet, int i, int j, double penaltyPerLogN, double[] work) {
    Gaussian a = clusters[i];
    Gaussian b = clusters[j];
    double n = a.n + b.n;
    double pooled = a.logDet(b, work);
    double glr = 0.5 * (n * pooled - a.n * logDet[i] - b.n * logDet[j]);
    return glr - penaltyPerLogN * Math.log(n);
  }

  /** Relabels 0.. in order of first occurrence. */
  static int[] renumber(int[] labels) {
    int[] map = new int[labels.length == 0 ? 0 : maxOf(labels) + 1];
    java.util.Arrays.fill(map, -1);
    int next = 0;
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        out[i] = -1;
        continue;
      }
      if (map[labels[i]] < 0) {
        map[labels[i]] = next++;
      }
      out[i] = map[labels[i]];
    }
    return out;
  }

  private static int maxOf(int[] a) {
    int m = 0;
    for (int v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
