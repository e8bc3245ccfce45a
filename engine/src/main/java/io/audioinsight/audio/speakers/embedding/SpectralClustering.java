package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Spectral clustering of unit vectors on cosine similarity, with the number of voices from the eigengap, as
 * 3D-Speaker's {@code SpectralCluster} (modelscope/3D-Speaker, {@code speakerlab/process/cluster.py}):
 *
 * <ol>
 *   <li>affinity: the cosine similarity matrix, each row pruned to its {@code max(P_VALUE·n, MIN_NEIGHBOURS)}
 *       largest entries (the rest 0), then symmetrised, (A + Aᵀ)/2;
 *   <li>unnormalised Laplacian L = D − A (diagonal of A zeroed, D the row sums of |A|), its eigenvalues
 *       ascending;
 *   <li>the count k: where the gap λ[k] − λ[k−1] is largest, k in 1..{@link #MAX_SPEAKERS_WITHOUT_HINT} (or up
 *       to a larger hinted bound), then moved into [lower, upper] of the hints ({@code num_speakers} fixes it);
 *       under {@link #MIN_NEIGHBOURS} windows without hints, one voice;
 *   <li>labels: k-means on the rows of the k first eigenvectors, each row normalised (farthest-first start
 *       from point 0, so no randomness);
 *   <li>without hints, clusters under {@code minFrac} of the weight are not voices (-1), at least the largest
 *       counts, as in the AHC rule ({@link ClusterCut}); with hints every cluster counts, so the hint is obeyed.
 * </ol>
 *
 * <p>Measured against the AHC rule on the same embeddings it counts worse but labels better once the count is
 * known (docs/BENCHMARKS.md, issue 16), so the shipped JSON says {@code "ahc-spectral"}: AHC's count, then this
 * rule with that count for the labels; {@code "spectral"} uses it for both. Cost: one dense symmetric
 * eigen-decomposition, O(n³) (EJML, every eigenpair), about 0.25 s of CPU at n = 800 windows (10 minutes of
 * speech); it is not interruptible, so cancellation is checked before and after it and in k-means.
 */
final class SpectralClustering {

  /** Share of each row kept by the pruning (3D-Speaker's default pval). */
  static final double P_VALUE = 0.032;
  /** Fewest neighbours kept per row, as 3D-Speaker (pval raised to 6/n for short inputs). */
  static final int MIN_NEIGHBOURS = 6;
  /** Largest count searched when no hint bounds it (NeMo's default max_num_speakers). */
  static final int MAX_SPEAKERS_WITHOUT_HINT = 8;
  /** Lloyd iterations at most; assignments usually settle in under ten. */
  private static final int MAX_KMEANS_ITERATIONS = 100;

  private SpectralClustering() {}

  /**
   * Per point its voice 0..k-1 (numbered by first point), or -1 for a point of a cluster too small to count.
   *
   * @param points  unit vectors
   * @param weights windows each point stands for (1 each, or a group's size), for {@code minFrac}
   */
  static int[] voices(float[][] points, int[] weights, double minFrac, SpeakerHints hints,
                      Cancellation cancellation) {
    int n = points.length;
    int lower = hints.lower();
    if (n <= lower) {
      int[] own = new int[n]; // too few points for the voices asked: each point is one
      Arrays.setAll(own, i -> i);
      return own;
    }
    if (n < MIN_NEIGHBOURS && lower == 1) {
      return new int[n]; // too few windows for a spectrum to say anything: one voice
    }
    // the eigengap is searched over 1..max(8, the hints' bounds), then the count moved into the hinted range
    // (searching only inside it would answer 1 for max_speakers=2 on three clear voices: the gaps before the
    // third eigenvalue are all near 0)
    int upper = Math.min(hints.upper(), n);
    if (upper <= lower && lower == 1) {
      // the count is fixed at one voice (ahc-spectral passes AHC's count as the hint): every eigenpair would be
      // computed, O(n³), for k-means to put every point in the one cluster; the answer is known without them
      return numbered(new int[n], 1, weights, hints.any() ? 0 : minFrac);
    }
    int searchUpper = Math.min(n - 1, Math.max(MAX_SPEAKERS_WITHOUT_HINT,
        Math.max(lower, hints.upper() == Integer.MAX_VALUE ? 0 : hints.upper())));
    double[][] laplacian = laplacian(prunedAffinity(points, cancellation));
    cancellation.throwIfCancelled();
    Eigen eigen = Eigen.of(laplacian, Math.max(searchUpper, upper) + 1);
    cancellation.throwIfCancelled();
    int k = Math.max(lower, Math.min(upper, eigengapCount(eigen.values, 1, searchUpper)));
    int[] cluster = k == 1 ? new int[n] : kMeans(eigen.rowNormalisedVectors(k), k, cancellation);
    return numbered(cluster, k, weights, hints.any() ? 0 : minFrac);
  }

  /** The count in [lower, upper] with the largest gap between consecutive eigenvalues, the smallest on ties. */
  static int eigengapCount(double[] ascending, int lower, int upper) {
    int best = lower;
    double bestGap = Double.NEGATIVE_INFINITY;
    for (int k = lower; k <= upper && k < ascending.length; k++) {
      double gap = ascending[k] - ascending[k - 1];
      if (gap > bestGap) {
        bestGap = gap;
        best = k;
      }
    }
    return best;
  }

  /** Cosine similarities, each row cut to its largest entries (lowest column first on ties), symmetrised. */
  static double[][] prunedAffinity(float[][] points, Cancellation cancellation) {
    int n = points.length;
    double[][] sim = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (i % 64 == 0) {
        cancellation.throwIfCancelled();
      }
      for (int j = i; j < n; j++) {
        double s = 0;
        for (int d = 0; d < points[i].length; d++) {
          s += (double) points[i][d] * points[j][d];
        }
        sim[i][j] = s;
        sim[j][i] = s;
      }
    }
    double p = Math.max(P_VALUE, (double) MIN_NEIGHBOURS / n);
    int keep = Math.min(n, n - (int) Math.floor((1 - p) * n));
    double[][] pruned = new double[n][n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      double[] row = sim[i];
      Arrays.setAll(order, c -> c);
      Arrays.sort(order, (a, b) -> Double.compare(row[b], row[a])); // stable: lower column first on ties
      for (int r = 0; r < keep; r++) {
        pruned[i][order[r]] = row[order[r]];
      }
    }
    double[][] sym = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        sym[i][j] = 0.5 * (pruned[i][j] + pruned[j][i]);
      }
    }
    return sym;
  }

  /** D − A with A's diagonal taken as 0 and D the row sums of |A|. */
  static double[][] laplacian(double[][] affinity) {
    int n = affinity.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      double degree = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          degree += Math.abs(affinity[i][j]);
          l[i][j] = -affinity[i][j];
        }
      }
      l[i][i] = degree;
    }
    return l;
  }

  /** Lloyd's k-means from a farthest-first start at row 0; an emptied cluster takes the worst-fitting point. */
  static int[] kMeans(double[][] rows, int k, Cancellation cancellation) {
    int n = rows.length;
    int dim = rows[0].length;
    double[][] centre = new double[k][];
    centre[0] = rows[0].clone();
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      int far = 0;
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], distance(rows[i], centre[c - 1]));
        if (nearest[i] > nearest[far]) {
          far = i;
        }
      }
      centre[c] = rows[far].clone();
    }
    int[] label = new int[n];
    Arrays.fill(label, -1);
    for (int iteration = 0; iteration < MAX_KMEANS_ITERATIONS; iteration++) {
      cancellation.throwIfCancelled();
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int c = 1; c < k; c++) {
          if (distance(rows[i], centre[c]) < distance(rows[i], centre[best])) {
            best = c;
          }
        }
        changed |= label[i] != best;
        label[i] = best;
      }
      fillEmptyClusters(rows, label, centre);
      if (!changed) {
        break;
      }
      int[] size = new int[k];
      double[][] sum = new double[k][dim];
      for (int i = 0; i < n; i++) {
        size[label[i]]++;
        for (int d = 0; d < dim; d++) {
          sum[label[i]][d] += rows[i][d];
        }
      }
      for (int c = 0; c < k; c++) {
        for (int d = 0; d < dim; d++) {
          centre[c][d] = sum[c][d] / size[c];
        }
      }
    }
    return label;
  }

  /** Each empty cluster takes the point farthest from its centre among clusters of two or more points. */
  private static void fillEmptyClusters(double[][] rows, int[] label, double[][] centre) {
    int k = centre.length;
    int[] size = new int[k];
    for (int l : label) {
      size[l]++;
    }
    for (int c = 0; c < k; c++) {
      if (size[c] > 0) {
        continue;
      }
      int worst = -1;
      for (int i = 0; i < rows.length; i++) {
        if (size[label[i]] > 1 && (worst < 0
            || distance(rows[i], centre[label[i]]) > distance(rows[worst], centre[label[worst]]))) {
          worst = i;
        }
      }
      size[label[worst]]--;
      label[worst] = c;
      size[c] = 1;
      centre[c] = rows[worst].clone();
    }
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      double x = a[d] - b[d];
      s += x * x;
    }
    return s;
  }

  /** Voices numbered by first point; clusters under minFrac of the weight are -1 (the largest always counts). */
  private static int[] numbered(int[] cluster, int k, int[] weights, double minFrac) {
    long total = 0;
    long[] weight = new long[k];
    for (int i = 0; i < cluster.length; i++) {
      weight[cluster[i]] += weights[i];
      total += weights[i];
    }
    int largest = 0;
    for (int c = 1; c < k; c++) {
      if (weight[c] > weight[largest]) {
        largest = c;
      }
    }
    int[] number = new int[k];
    Arrays.fill(number, -1);
    int next = 0;
    int[] voice = new int[cluster.length];
    for (int i = 0; i < cluster.length; i++) {
      int c = cluster[i];
      if (c != largest && weight[c] < minFrac * total) {
        voice[i] = -1;
        continue;
      }
      if (number[c] < 0) {
        number[c] = next++;
      }
      voice[i] = number[c];
    }
    return voice;
  }

  /** Eigenvalues ascending and their eigenvectors, of a symmetric matrix. */
  private record Eigen(double[] values, double[][] vectors) {

    /** The {@code count} smallest eigenpairs (EJML's symmetric QR algorithm), ties kept in EJML's order. */
    static Eigen of(double[][] symmetric, int count) {
      int n = symmetric.length;
      DMatrixRMaj m = new DMatrixRMaj(symmetric);
      EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
      if (!eig.decompose(m)) {
        throw new IllegalStateException("eigen-decomposition of the " + n + "x" + n + " Laplacian did not converge");
      }
      Integer[] order = new Integer[n];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(a).getReal(), eig.getEigenvalue(b).getReal()));
      int c = Math.min(count, n);
      double[] values = new double[c];
      double[][] vectors = new double[c][];
      for (int i = 0; i < c; i++) {
        values[i] = eig.getEigenvalue(order[i]).getReal();
        vectors[i] = eig.getEigenVector(order[i]).getData().clone();
      }
      return new Eigen(values, vectors);
    }

    /** Point i's coordinates on the first k eigenvectors, scaled to unit length (the spectral embedding). */
    double[][] rowNormalisedVectors(int k) {
      int n = vectors[0].length;
      double[][] rows = new double[n][k];
      for (int i = 0; i < n; i++) {
        double norm = 0;
        for (int c = 0; c < k; c++) {
          rows[i][c] = vectors[c][i];
          norm += rows[i][c] * rows[i][c];
        }
        norm = Math.sqrt(norm);
        for (int c = 0; c < k && norm > 1e-12; c++) {
          rows[i][c] /= norm;
        }
      }
      return rows;
    }
  }
}
