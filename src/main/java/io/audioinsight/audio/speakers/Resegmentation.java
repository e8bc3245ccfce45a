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

  /** A speaker model ready for scoring: mean and the Cholesky factor of the covariance. */
  static final class Model {
    final double[] mean;
    final double[] chol;
    final double logDet;

    Model(Gaussian g) {
      this.mean = new double[g.dim];
      g.mean(mean);
      this.chol = new double[g.dim * (g.dim + 1) / 2];
      g.covariance(null, chol);
      this.logDet = Gaussian.choleskyInPlace(chol, g.dim);
    }

    /** log N(x; mean, Σ) without the constant −d/2·log 2π, which every model shares. */
    double logLikelihood(float[] x, int offset, double[] y) {
      int dim = mean.length;
      double quad = 0.0;
      for (int r = 0; r < dim; r++) {
        int row = r * (r + 1) / 2;
        double s = x[offset + r] - mean[r];
        for (int c = 0; c < r; c++) {
          s -= chol[row + c] * y[c];
        }
        double v = s / chol[row + r];
        y[r] = v;
        quad += v * v;
      }
      return -0.5 * (logDet + quad);
    }
  }

  /**
   * Decodes the most likely speaker for each frame.
   *
   * @param x             features, frame-major, {@code n * dim}
   * @param frameIndex    spectrogram frame of each feature row, increasing (to see pauses)
   * @param pauseFrames   a jump of more than this many frames counts as a pause
   * @param switchPenalty log-likelihood cost of changing speaker between adjacent frames
   */
  static int[] decode(
      float[] x,
      int[] frameIndex,
      int dim,
      Model[] models,
      int pauseFrames,
      double switchPenalty,
      Cancellation cancellation) {
    int n = frameIndex.length;
    int k = models.length;
    int[] labels = new int[n];
    if (n == 0 || k == 0) {
      return labels;
    }
    byte[] back = new byte[n * k]; // k is small (speakers), so a byte holds the previous state
    double[] score = new double[k];
    double[] next = new double[k];
    double[] y = new double[dim];
    for (int s = 0; s < k; s++) {
      score[s] = models[s].logLikelihood(x, 0, y);
    }
    for (int i = 1; i < n; i++) {
      if (i % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      double penalty = frameIndex[i] - frameIndex[i - 1] > pauseFrames ? 0.5 * switchPenalty : switchPenalty;
      int best = 0;
      for (int s = 1; s < k; s++) {
        if (score[s] > score[best]) {
          best = s;
        }
      }
      int off = i * dim;
      for (int s = 0; s < k; s++) {
        double stay = score[s];
        double from = stay;
        int prev = s;
        if (best != s && score[best] - penalty > stay) {
          from = score[best] - penalty;
          prev = best;
        }
        back[i * k + s] = (byte) prev;
        next[s] = from + models[s].logLikelihood(x, off, y);
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
    for (int i = n - 1; i >= 0; i--) {
      labels[i] = state;
      state = back[i * k + state];
    }
    return labels;
  }
}
