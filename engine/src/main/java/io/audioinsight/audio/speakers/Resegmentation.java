package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Cancellation;

/**
 * Frame-level speaker labels by Viterbi decoding: one full-covariance Gaussian per speaker emits the frames,
 * and changing speaker costs a fixed log-likelihood penalty (half of it across a pause, where turns
 * usually change). This moves the boundaries that fixed-length segments blur onto the frames where the
 * voice really changes, and keeps turns contiguous instead of flickering frame by frame.
 */
final class Resegmentation {

  private static final int CHECK_EVERY_FRAMES = 2000;

  private Resegmentation() {}

  /**
   * A speaker model ready for scoring: with Σ = LLᵀ, the whitening map y = L⁻¹x − L⁻¹μ is kept as a dense
   * lower-triangular matrix, so scoring a frame is one matrix-vector product without a serial back-substitution.
   */
  static final class Model {
    private final int dim;
    /** L⁻¹, packed lower triangle, row-major. */
    private final double[] whiten;
    /** L⁻¹μ. */
    private final double[] offset;
    private final double logDet;

    Model(Gaussian g) {
      dim = g.dim;
      double[] mean = new double[dim];
      g.mean(mean);
      double[] chol = new double[dim * (dim + 1) / 2];
      g.covariance(null, chol);
      logDet = Gaussian.choleskyInPlace(chol, dim);
      whiten = invertLower(chol, dim);
      offset = new double[dim];
      for (int r = 0; r < dim; r++) {
        int row = r * (r + 1) / 2;
        double s = 0;
        for (int c = 0; c <= r; c++) {
          s += whiten[row + c] * mean[c];
        }
        offset[r] = s;
      }
    }

    /** log N(x; μ, Σ) without the constant −d/2·log 2π, which every model shares. */
    double logLikelihood(float[] x, int at) {
      double quad = 0.0;
      int t = 0;
      for (int r = 0; r < dim; r++) {
        double s = -offset[r];
        for (int c = 0; c <= r; c++) {
          s += whiten[t++] * x[at + c];
        }
        quad += s * s;
      }
      return -0.5 * (logDet + quad);
    }

    /** Inverse of a packed lower-triangular matrix (also lower triangular), by forward substitution. */
    private static double[] invertLower(double[] l, int dim) {
      double[] inv = new double[l.length];
      for (int col = 0; col < dim; col++) {
        for (int r = col; r < dim; r++) {
          int row = r * (r + 1) / 2;
          double s = r == col ? 1.0 : 0.0;
          for (int k = col; k < r; k++) {
            s -= l[row + k] * inv[k * (k + 1) / 2 + col];
          }
          inv[row + col] = s / l[row + r];
        }
      }
      return inv;
    }
  }

  /**
   * Decodes the most likely speaker for each frame. Only every {@code stride}-th frame is scored (a voice does
   * not change within 20 ms, and scoring is most of this stage's cost); the frames between take the label of
   * the scored frame before them.
   *
   * @param x             features, frame-major, {@code frameIndex.length * dim}
   * @param frameIndex    spectrogram frame of each feature row, increasing (to see pauses)
   * @param pauseFrames   a jump of more than this many frames counts as a pause
   * @param switchPenalty log-likelihood cost of changing speaker between adjacent scored frames
   */
  static int[] decode(
      float[] x,
      int[] frameIndex,
      int dim,
      Model[] models,
      int stride,
      int pauseFrames,
      double switchPenalty,
      Cancellation cancellation) {
    int rows = frameIndex.length;
    int n = (rows + stride - 1) / stride;
    int k = models.length;
    int[] labels = new int[rows];
    if (n == 0 || k == 0) {
      return labels;
    }
    byte[] back = new byte[n * k]; // k is small (speakers), so a byte holds the previous state
    double[] score = new double[k];
    double[] next = new double[k];
    for (int s = 0; s < k; s++) {
      score[s] = models[s].logLikelihood(x, 0);
    }
    for (int i = 1; i < n; i++) {
      if (i % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int row = i * stride;
      boolean pause = frameIndex[row] - frameIndex[row - stride] > pauseFrames + stride - 1;
      double penalty = pause ? 0.5 * switchPenalty : switchPenalty;
      int best = 0;
      for (int s = 1; s < k; s++) {
        if (score[s] > score[best]) {
          best = s;
        }
      }
      int off = row * dim;
      for (int s = 0; s < k; s++) {
        double from = score[s];
        int prev = s;
        if (best != s && score[best] - penalty > from) {
          from = score[best] - penalty;
          prev = best;
        }
        back[i * k + s] = (byte) prev;
        next[s] = from + models[s].logLikelihood(x, off);
      }
      double[] t = score;
      score = next;
      next = t;
    }
    int state = 0;
    for (int s = 1; s < k; s++) {
      if (score[s] > score[state]) {
        state = s;
      }
    }
    // a scored row labels the rows up to the next scored one, except rows after a pause: they begin the next
    // stretch of speech and take its label (else its first 10 ms would be a segment of the previous speaker)
    int following = state;
    for (int i = n - 1; i >= 0; i--) {
      int end = Math.min(rows, (i + 1) * stride);
      int label = state;
      for (int r = i * stride; r < end; r++) {
        if (r > i * stride && frameIndex[r] - frameIndex[r - 1] > pauseFrames) {
          label = following;
        }
        labels[r] = label;
      }
      following = state;
      state = back[i * k + state];
    }
    return labels;
  }
}
