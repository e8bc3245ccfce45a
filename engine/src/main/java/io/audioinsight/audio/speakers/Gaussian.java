package io.audioinsight.audio.speakers;

/**
 * Full-covariance Gaussian statistics of a set of feature frames: the count, the sum and the scatter
 * (sum of outer products), so that two sets pool by addition. Mutable; owned by one computation.
 */
final class Gaussian {

  /**
   * Added to the covariance diagonal. Features are variance-normalised per file, so this is 1% of a
   * coefficient's spread: it keeps short segments' covariances invertible without masking real differences.
   */
  static final double RIDGE = 0.01;

  final int dim;
  double n;
  final double[] sum;
  /** Lower triangle, row-major: element (r, c) with c <= r is at r*(r+1)/2 + c. */
  final double[] scatter;

  Gaussian(int dim) {
    this.dim = dim;
    this.sum = new double[dim];
    this.scatter = new double[dim * (dim + 1) / 2];
  }

  void add(float[] x, int offset) {
    n += 1;
    int t = 0;
    for (int r = 0; r < dim; r++) {
      double xr = x[offset + r];
      sum[r] += xr;
      for (int c = 0; c <= r; c++) {
        scatter[t++] += xr * x[offset + c];
      }
    }
  }

  void addAll(Gaussian o) {
    n += o.n;
    for (int i = 0; i < dim; i++) {
      sum[i] += o.sum[i];
    }
    for (int i = 0; i < scatter.length; i++) {
      scatter[i] += o.scatter[i];
    }
  }

  /** log det of the covariance (ML estimate plus ridge) of this set, or of this set pooled with {@code o}. */
  double logDet(Gaussian o, double[] work) {
    covariance(o, work);
    return choleskyInPlace(work, dim);
  }

  /** Writes the covariance's lower triangle (pooled with {@code o} when not null) into {@code out}. */
  void covariance(Gaussian o, double[] out) {
    double count = o == null ? n : n + o.n;
    double inv = 1.0 / count;
    int t = 0;
    for (int r = 0; r < dim; r++) {
      double mr = (o == null ? sum[r] : sum[r] + o.sum[r]) * inv;
      for (int c = 0; c <= r; c++) {
        double mc = (o == null ? sum[c] : sum[c] + o.sum[c]) * inv;
        double s = o == null ? scatter[t] : scatter[t] + o.scatter[t];
        out[t] = s * inv - mr * mc + (r == c ? RIDGE : 0.0);
        t++;
      }
    }
  }

  void mean(double[] out) {
    for (int i = 0; i < dim; i++) {
      out[i] = sum[i] / n;
    }
  }

  /**
   * Cholesky factorisation of a packed lower-triangular symmetric matrix, in place (a becomes L); returns
   * log det. A non-positive pivot (rounding on a degenerate matrix) is clamped to the ridge.
   */
  static double choleskyInPlace(double[] a, int dim) {
    // log det = Σ log pivot, taken as the log of the pivots' product (one log instead of dim), with the
    // product folded into the sum before it could leave double's range
    double logDet = 0.0;
    double product = 1.0;
    for (int r = 0; r < dim; r++) {
      int rowR = r * (r + 1) / 2;
      for (int c = 0; c <= r; c++) {
        int rowC = c * (c + 1) / 2;
        double s = a[rowR + c];
        for (int k = 0; k < c; k++) {
          s -= a[rowR + k] * a[rowC + k];
        }
        if (r == c) {
          double d = s > RIDGE * 1e-3 ? s : RIDGE * 1e-3;
          a[rowR + r] = Math.sqrt(d);
          product *= d;
          if (product > 1e150 || product < 1e-150) {
            logDet += Math.log(product);
            product = 1.0;
          }
        } else {
          a[rowR + c] = s / a[rowC + c];
        }
      }
    }
    return logDet + Math.log(product);
  }
}
