package io.audioinsight.audio.vad;

import io.audioinsight.audio.FastLog;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.noise.NoiseFloor;

/**
 * A fixed-length description of one speech segment for {@link SegmentVerifier}: log-mel statistics over the
 * segment's spectrogram frames. A voice and a ring or a chord differ less in any one frame than in how the
 * spectrum behaves over the segment: its average shape, how much each band moves (syllables, formant glides),
 * how fast, and how alike the spectrum stays 30 and 100 ms later (rings and chords hold their partials).
 *
 * <p>Layout ({@link #SIZE} values): {@link #BANDS} shape values (mean log-mel, less the mean over bands),
 * {@link #BANDS} excess values (mean log-mel over the tracked noise floor's), {@link #BANDS} temporal standard
 * deviations, then the mean absolute frame-to-frame change, the mean correlation of the mean-removed log-mel
 * vectors 3 and 10 frames apart, and the log duration in seconds.
 */
public final class SegmentFeatures {

  public static final int BANDS = 24;
  public static final int SIZE = 3 * BANDS + 4;
  static final double LOW_HZ = 100;
  static final double HIGH_HZ = 8000;
  static final int FAST_LAG = 3;
  static final int SLOW_LAG = 10;
  /** Floor added to a band's power before the log: -110 dBFS-ish, far under any recorded noise. */
  private static final float EPS = 1e-10f;
  /** For each band: first bin, then the triangular weights of the bins that follow. */
  private static final int[] FIRST_BIN = new int[BANDS];
  private static final float[][] WEIGHTS = new float[BANDS][];

  static {
    double melLow = mel(LOW_HZ);
    double melHigh = mel(HIGH_HZ);
    double[] edges = new double[BANDS + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = hz(melLow + (melHigh - melLow) * i / (BANDS + 1));
    }
    double binHz = Spectrogram.binHz(1);
    for (int m = 0; m < BANDS; m++) {
      int first = (int) Math.ceil(edges[m] / binHz);
      int last = Math.min(Spectrogram.BINS - 1, (int) Math.floor(edges[m + 2] / binHz));
      float[] w = new float[Math.max(1, last - first + 1)];
      for (int k = first; k <= last; k++) {
        double f = k * binHz;
        double up = (f - edges[m]) / (edges[m + 1] - edges[m]);
        double down = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
        w[k - first] = (float) Math.max(0, Math.min(up, down));
      }
      FIRST_BIN[m] = first;
      WEIGHTS[m] = w;
    }
  }

  private SegmentFeatures() {}

  /** The features of spectrogram frames {@code [from, to)} (at least one frame). */
  public static float[] of(Spectrogram spectrogram, NoiseFloor noise, int from, int to) {
    return ofCrops(spectrogram, noise, from, to, new int[][] {{from, to}})[0];
  }

  /**
   * The features of each crop (frame ranges inside {@code [from, to)}, each at least one frame) of one segment.
   * The log-mel spectrum of each frame is computed once for the segment, however the crops overlap.
   */
  public static float[][] ofCrops(Spectrogram spectrogram, NoiseFloor noise, int from, int to, int[][] crops) {
    int n = to - from;
    if (n <= 0) {
      throw new IllegalArgumentException("empty segment [" + from + ", " + to + ")");
    }
    float[] power = spectrogram.power();
    float[] psd = noise.psd();
    float[][] logMel = new float[n][BANDS];
    float[][] excess = new float[n][BANDS];
    float[] noiseLogMel = new float[BANDS];
    int noiseRow = -1;
    for (int i = 0; i < n; i++) {
      int t = from + i;
      int base = t * Spectrogram.BINS;
      int noiseBase = NoiseFloor.rowOffset(t);
      if (noiseBase != noiseRow) { // the tracked floor changes every NoiseFloor row (2 frames)
        noiseRow = noiseBase;
        for (int m = 0; m < BANDS; m++) {
          noiseLogMel[m] = FastLog.ln(weighted(psd, noiseBase + FIRST_BIN[m], WEIGHTS[m]) + EPS);
        }
      }
      for (int m = 0; m < BANDS; m++) {
        float l = FastLog.ln(weighted(power, base + FIRST_BIN[m], WEIGHTS[m]) + EPS);
        logMel[i][m] = l;
        excess[i][m] = l - noiseLogMel[m];
      }
    }
    // per frame: the change from the previous frame, and the row with its mean over bands removed
    float[] change = new float[n];
    float[][] centred = new float[n][BANDS];
    for (int i = 0; i < n; i++) {
      float rowMean = 0;
      for (int m = 0; m < BANDS; m++) {
        rowMean += logMel[i][m];
        if (i > 0) {
          change[i] += Math.abs(logMel[i][m] - logMel[i - 1][m]);
        }
      }
      rowMean /= BANDS;
      for (int m = 0; m < BANDS; m++) {
        centred[i][m] = logMel[i][m] - rowMean;
      }
    }
    float[] fastCorrelation = correlations(centred, FAST_LAG);
    float[] slowCorrelation = correlations(centred, SLOW_LAG);
    float[][] out = new float[crops.length][];
    for (int c = 0; c < crops.length; c++) {
      out[c] = crop(logMel, excess, change, fastCorrelation, slowCorrelation, crops[c][0] - from, crops[c][1] - from);
    }
    return out;
  }

  /** The features of rows {@code [a, b)} of the segment's per-frame arrays. */
  private static float[] crop(float[][] logMel, float[][] excess, float[] change, float[] fastCorrelation,
                              float[] slowCorrelation, int a, int b) {
    int n = b - a;
    if (n <= 0 || a < 0 || b > logMel.length) {
      throw new IllegalArgumentException("crop [" + a + ", " + b + ") outside its segment");
    }
    double[] mean = new double[BANDS];
    double[] meanSquare = new double[BANDS];
    double[] excessSum = new double[BANDS];
    for (int i = a; i < b; i++) {
      for (int m = 0; m < BANDS; m++) {
        float l = logMel[i][m];
        mean[m] += l;
        meanSquare[m] += l * l;
        excessSum[m] += excess[i][m];
      }
    }
    float[] out = new float[SIZE];
    double overall = 0;
    for (int m = 0; m < BANDS; m++) {
      mean[m] /= n;
      overall += mean[m];
    }
    overall /= BANDS;
    for (int m = 0; m < BANDS; m++) {
      out[m] = (float) (mean[m] - overall);
      out[BANDS + m] = (float) (excessSum[m] / n);
      out[2 * BANDS + m] = (float) Math.sqrt(Math.max(0, meanSquare[m] / n - mean[m] * mean[m]));
    }
    double changeSum = 0;
    for (int i = a + 1; i < b; i++) {
      changeSum += change[i];
    }
    int at = 3 * BANDS;
    out[at] = n > 1 ? (float) (changeSum / ((n - 1) * BANDS)) : 0f;
    out[at + 1] = meanOver(fastCorrelation, a, b - FAST_LAG);
    out[at + 2] = meanOver(slowCorrelation, a, b - SLOW_LAG);
    out[at + 3] = (float) Math.log(n * Spectrogram.FRAME_SECONDS);
    return out;
  }

  private static float weighted(float[] values, int offset, float[] weights) {
    float sum = 0;
    for (int j = 0; j < weights.length; j++) {
      sum += weights[j] * values[offset + j];
    }
    return sum;
  }

  /** For each row {@code i}: the Pearson correlation of rows {@code i} and {@code i + lag} (mean-removed rows). */
  private static float[] correlations(float[][] rows, int lag) {
    float[] out = new float[rows.length];
    for (int i = 0; i + lag < rows.length; i++) {
      float[] x = rows[i];
      float[] y = rows[i + lag];
      double xy = 0;
      double xx = 0;
      double yy = 0;
      for (int m = 0; m < BANDS; m++) {
        xy += x[m] * y[m];
        xx += x[m] * x[m];
        yy += y[m] * y[m];
      }
      out[i] = (float) (xy / Math.sqrt(Math.max(xx * yy, 1e-20)));
    }
    return out;
  }

  /** Mean of {@code values[a..end)}; 0 when the range is empty. */
  private static float meanOver(float[] values, int a, int end) {
    double sum = 0;
    for (int i = a; i < end; i++) {
      sum += values[i];
    }
    return end > a ? (float) (sum / (end - a)) : 0f;
  }

  private static double mel(double hz) {
    return 2595 * Math.log10(1 + hz / 700);
  }

  private static double hz(double mel) {
    return 700 * (Math.pow(10, mel / 2595) - 1);
  }
}
