package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;

/**
 * Mel-frequency cepstral coefficients c1..cN of chosen spectrogram frames, with cepstral mean and variance
 * normalisation over those frames (per file), plus each frame's log mel energy.
 *
 * <p>c0 is left out so that loudness does not separate a voice from itself. The 32 triangular bands (mel
 * spaced, 100 to 7600 Hz) are each at least 500 Hz wide, so they smooth over single harmonics and the cepstrum
 * describes the voice's spectral envelope (formants, tilt, bandwidths) rather than its pitch.
 */
final class MelCepstrum {

  static final int BANDS = 32;
  static final int MAX_COEFFS = BANDS - 1;
  private static final double F_MIN = 100.0;
  private static final double F_MAX = 7600.0;
  /** Model frames are chosen by their energy below this: vowels and voiced consonants, not fricatives. */
  private static final double VOICED_MAX_HZ = 1000.0;
  /**
   * No band is narrower than ±250 Hz: below ~1.5 kHz the mel triangles would otherwise be narrow enough to
   * resolve single harmonics, so a voice's features would move with its pitch (one voice split in two).
   */
  private static final double MIN_HALF_WIDTH_HZ = 250.0;
  /** Bands centred below 1 kHz. */
  private static final int VOICED_BANDS;
  /** Floor under band energies, far below any real signal's power with float samples in [-1, 1]. */
  private static final float ENERGY_FLOOR = 1e-10f;
  private static final int CHECK_EVERY_FRAMES = 1000;

  /** Band m sums bins [FIRST_BIN[m], FIRST_BIN[m] + WEIGHTS[m].length) with these triangular weights. */
  private static final int[] FIRST_BIN = new int[BANDS];
  private static final float[][] WEIGHTS = new float[BANDS][];
  /** DCT-II rows 1..MAX_COEFFS, flattened [coeff-1][band]. */
  private static final float[] DCT = new float[MAX_COEFFS * BANDS];

  static {
    double melMin = mel(F_MIN);
    double melMax = mel(F_MAX);
    double[] edges = new double[BANDS + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = hz(melMin + (melMax - melMin) * i / (BANDS + 1));
    }
    for (int m = 0; m < BANDS; m++) {
      double mid = edges[m + 1];
      double lo = Math.max(Spectrogram.binHz(1), Math.min(edges[m], mid - MIN_HALF_WIDTH_HZ));
      double hi = Math.max(edges[m + 2], mid + MIN_HALF_WIDTH_HZ);
      int first = (int) Math.ceil(lo / Spectrogram.binHz(1));
      int last = (int) Math.floor(hi / Spectrogram.binHz(1));
      float[] w = new float[Math.max(1, last - first + 1)];
      for (int k = first; k <= last; k++) {
        double f = Spectrogram.binHz(k);
        double v = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
        w[k - first] = (float) Math.max(0.0, v);
      }
      FIRST_BIN[m] = first;
      WEIGHTS[m] = w;
    }
    int voiced = 0;
    while (voiced < BANDS && edges[voiced + 1] < VOICED_MAX_HZ) {
      voiced++;
    }
    VOICED_BANDS = voiced;
    double scale = Math.sqrt(2.0 / BANDS);
    for (int c = 1; c <= MAX_COEFFS; c++) {
      for (int m = 0; m < BANDS; m++) {
        DCT[(c - 1) * BANDS + m] = (float) (scale * Math.cos(Math.PI * c * (m + 0.5) / BANDS));
      }
    }
  }

  private MelCepstrum() {}

  /**
   * Computes c1..c{@code coeffs} for {@code frames} (spectrogram frame indices), normalised to zero mean and
   * unit variance per coefficient over those frames.
   *
   * @param features  out: frame-major, {@code frames.length * coeffs}
   * @param logEnergy out: natural log of the frame's energy in the bands centred below 1 kHz (where voiced
   *                  speech has most of its energy and fricatives little), {@code frames.length}
   */
  static void compute(
      Spectrogram spec, int[] frames, int coeffs, float[] features, float[] logEnergy, Cancellation cancellation) {
    if (coeffs < 1 || coeffs > MAX_COEFFS) {
      throw new IllegalArgumentException("coeffs must be in 1.." + MAX_COEFFS);
    }
    float[] power = spec.power();
    float[] logMel = new float[BANDS];
    int n = frames.length;
    for (int i = 0; i < n; i++) {
      if (i % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int base = frames[i] * Spectrogram.BINS;
      double total = 0.0;
      for (int m = 0; m < BANDS; m++) {
        float[] w = WEIGHTS[m];
        int b = base + FIRST_BIN[m];
        float e = 0f;
        for (int k = 0; k < w.length; k++) {
          e += w[k] * power[b + k];
        }
        if (m < VOICED_BANDS) {
          total += e;
        }
        logMel[m] = fastLog(e + ENERGY_FLOOR);
      }
      logEnergy[i] = (float) Math.log(total + ENERGY_FLOOR);
      int out = i * coeffs;
      for (int c = 0; c < coeffs; c++) {
        int row = c * BANDS;
        float s = 0f;
        for (int m = 0; m < BANDS; m++) {
          s += DCT[row + m] * logMel[m];
        }
        features[out + c] = s;
      }
    }
    normalise(features, n, coeffs);
  }

  /** Cepstral mean and variance normalisation per coefficient, over the file's chosen frames. */
  private static void normalise(float[] x, int n, int dim) {
    if (n == 0) {
      return;
    }
    double[] mean = new double[dim];
    double[] sq = new double[dim];
    for (int i = 0; i < n; i++) {
      int o = i * dim;
      for (int c = 0; c < dim; c++) {
        double v = x[o + c];
        mean[c] += v;
        sq[c] += v * v;
      }
    }
    float[] shift = new float[dim];
    float[] scale = new float[dim];
    for (int c = 0; c < dim; c++) {
      double mu = mean[c] / n;
      double var = sq[c] / n - mu * mu;
      shift[c] = (float) mu;
      scale[c] = (float) (var > 1e-12 ? 1.0 / Math.sqrt(var) : 1.0);
    }
    for (int i = 0; i < n; i++) {
      int o = i * dim;
      for (int c = 0; c < dim; c++) {
        x[o + c] = (x[o + c] - shift[c]) * scale[c];
      }
    }
  }

  /**
   * Natural log of a positive normal float to about 1e-5 absolute: exponent from the bits, mantissa m in
   * [1, 2) by the series ln m = 2·atanh((m−1)/(m+1)) to the t⁷ term. Math.log was most of this stage's time.
   */
  static float fastLog(float v) {
    int bits = Float.floatToRawIntBits(v);
    int exponent = ((bits >>> 23) & 0xff) - 127;
    float m = Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
    float t = (m - 1f) / (m + 1f);
    float t2 = t * t;
    float lnM = 2f * t * (1f + t2 * (1f / 3f + t2 * (1f / 5f + t2 * (1f / 7f))));
    return exponent * 0.6931472f + lnM;
  }

  private static double mel(double hz) {
    return 2595.0 * Math.log10(1.0 + hz / 700.0);
  }

  private static double hz(double mel) {
    return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
  }
}
