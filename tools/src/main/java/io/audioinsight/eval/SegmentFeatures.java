package io.audioinsight.eval;

import io.audioinsight.audio.FastLog;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.noise.NoiseFloor;

/**
 * A fixed-length description of one VAD speech segment, for the segment verifier experiment of issue 17
 * (scripts/train/segment-verifier, docs/BENCHMARKS.md): log-mel statistics over the segment's spectrogram frames. A
 * voice and a ring or a chord differ less in any one frame than in how the spectrum behaves over the segment: its
 * average shape, how much each band moves (syllables, formant glides), how fast, and how alike the spectrum stays
 * 40 and 100 ms later (rings and chords hold their partials). A long segment is described per {@link #crops 1 s
 * crop}. The verifier did not land in the engine (it lost on the report split); this class and
 * {@link DumpSegmentFeatures} keep the experiment reproducible.
 *
 * <p>From every {@link #STRIDE}-th frame. Layout ({@link #SIZE} values): {@link #BANDS} shape values (mean log-mel,
 * less the mean over bands), {@link #BANDS} excess values (mean log-mel over the tracked noise floor's),
 * {@link #BANDS} temporal standard deviations, then the mean absolute change from one read frame to the next
 * (20 ms), the mean correlation of the mean-removed log-mel vectors 40 and 100 ms apart, and the log duration in
 * seconds.
 */
public final class SegmentFeatures {

  public static final int BANDS = 24;
  public static final int SIZE = 3 * BANDS + 4;
  static final double LOW_HZ = 100;
  static final double HIGH_HZ = 8000;
  /**
   * Every STRIDE-th frame is read (20 ms apart): the statistics hardly change, and the verifier then costs about half
   * of what it would (the mel sums dominate its time).
   */
  static final int STRIDE = 2;
  /** Lags in read frames: 40 and 100 ms. */
  static final int FAST_LAG = 2;
  static final int SLOW_LAG = 5;
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

  /** Frames of one crop (1 s), and the step between crops (half of one). */
  public static final int CROP_FRAMES = 100;
  static final int CROP_STEP = CROP_FRAMES / 2;

  private SegmentFeatures() {}

  /**
   * The frame ranges a segment {@code [from, to)} is described by: itself when it is at most {@link #CROP_FRAMES}
   * long, else crops of that length every {@link #CROP_STEP} frames, the last one ending with the segment.
   */
  public static int[][] crops(int from, int to) {
    int n = to - from;
    if (n <= CROP_FRAMES) {
      return new int[][] {{from, to}};
    }
    int count = (n - CROP_FRAMES + CROP_STEP - 1) / CROP_STEP + 1;
    int[][] out = new int[count][];
    for (int i = 0; i < count; i++) {
      int a = Math.min(from + i * CROP_STEP, to - CROP_FRAMES);
      out[i] = new int[] {a, a + CROP_FRAMES};
    }
    return out;
  }

  /** The features of spectrogram frames {@code [from, to)} (at least one frame). */
  public static float[] of(Spectrogram spectrogram, NoiseFloor noise, int from, int to) {
    return ofCrops(spectrogram, noise, from, to, new int[][] {{from, to}})[0];
  }

  /**
   * The features of each crop (frame ranges inside {@code [from, to)}, each at least one frame) of one segment.
   * The log-mel spectrum of each frame is computed once for the segment, however the crops overlap.
   */
  public static float[][] ofCrops(Spectrogram spectrogram, NoiseFloor noise, int from, int to, int[][] crops) {
    if (to <= from) {
      throw new IllegalArgumentException("empty segment [" + from + ", " + to + ")");
    }
    int n = read(to - from);
    float[] power = spectrogram.power();
    float[] psd = noise.psd();
    // flat [frame][band] arrays: a segment has thousands of frames, and one allocation each keeps this cheap
    float[] logMel = new float[n * BANDS];
    float[] excess = new float[n * BANDS];
    float[] noiseLogMel = new float[BANDS];
    float[] rowMean = new float[n];
    float[] rowSquares = new float[n];
    int noiseRow = -1;
    for (int i = 0; i < n; i++) {
      int t = from + i * STRIDE;
      int base = t * Spectrogram.BINS;
      int noiseBase = NoiseFloor.rowOffset(t);
      if (noiseBase != noiseRow) { // the tracked floor changes every NoiseFloor row (2 frames)
        noiseRow = noiseBase;
        for (int m = 0; m < BANDS; m++) {
          noiseLogMel[m] = FastLog.ln(weighted(psd, noiseBase + FIRST_BIN[m], WEIGHTS[m]) + EPS);
        }
      }
      int row = i * BANDS;
      float sum = 0;
      for (int m = 0; m < BANDS; m++) {
        float l = FastLog.ln(weighted(power, base + FIRST_BIN[m], WEIGHTS[m]) + EPS);
        logMel[row + m] = l;
        excess[row + m] = l - noiseLogMel[m];
        sum += l;
      }
      float mean = sum / BANDS;
      float squares = 0;
      for (int m = 0; m < BANDS; m++) {
        float d = logMel[row + m] - mean;
        squares += d * d;
      }
      rowMean[i] = mean;
      rowSquares[i] = squares;
    }
    float[] change = new float[n];
    for (int i = 1; i < n; i++) {
      float c = 0;
      for (int m = 0; m < BANDS; m++) {
        c += Math.abs(logMel[i * BANDS + m] - logMel[(i - 1) * BANDS + m]);
      }
      change[i] = c;
    }
    float[] fastCorrelation = correlations(logMel, rowMean, rowSquares, n, FAST_LAG);
    float[] slowCorrelation = correlations(logMel, rowMean, rowSquares, n, SLOW_LAG);
    float[][] out = new float[crops.length][];
    for (int c = 0; c < crops.length; c++) {
      out[c] = crop(logMel, excess, change, fastCorrelation, slowCorrelation, n, read(crops[c][0] - from),
          read(crops[c][1] - from), crops[c][1] - crops[c][0]);
    }
    return out;
  }

  /** Read frames before frame offset {@code offset} of a segment: the number of multiples of STRIDE below it. */
  private static int read(int offset) {
    return (offset + STRIDE - 1) / STRIDE;
  }

  /**
   * The features of read frames {@code [a, b)} of the segment's per-frame arrays ({@code frames} of them), a crop of
   * {@code cropFrames} spectrogram frames.
   */
  private static float[] crop(float[] logMel, float[] excess, float[] change, float[] fastCorrelation,
                              float[] slowCorrelation, int frames, int a, int b, int cropFrames) {
    int n = b - a;
    if (n <= 0 || a < 0 || b > frames) {
      throw new IllegalArgumentException("crop [" + a + ", " + b + ") outside its segment");
    }
    double[] mean = new double[BANDS];
    double[] meanSquare = new double[BANDS];
    double[] excessSum = new double[BANDS];
    for (int i = a; i < b; i++) {
      int row = i * BANDS;
      for (int m = 0; m < BANDS; m++) {
        float l = logMel[row + m];
        mean[m] += l;
        meanSquare[m] += l * l;
        excessSum[m] += excess[row + m];
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
    out[at + 3] = (float) Math.log(cropFrames * Spectrogram.FRAME_SECONDS);
    return out;
  }

  /**
   * The weighted sum of {@code values[offset..]}, in four interleaved partial sums: a single running float sum is one
   * chain of dependent additions, which the JIT may not reorder, and that chain was most of this class's time.
   */
  private static float weighted(float[] values, int offset, float[] weights) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int j = 0;
    for (; j + 3 < weights.length; j += 4) {
      s0 += weights[j] * values[offset + j];
      s1 += weights[j + 1] * values[offset + j + 1];
      s2 += weights[j + 2] * values[offset + j + 2];
      s3 += weights[j + 3] * values[offset + j + 3];
    }
    for (; j < weights.length; j++) {
      s0 += weights[j] * values[offset + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * For each frame {@code i}: the Pearson correlation across bands of frames {@code i} and {@code i + lag}, from the
   * rows' means and sums of squared deviations.
   */
  private static float[] correlations(float[] logMel, float[] rowMean, float[] rowSquares, int n, int lag) {
    float[] out = new float[n];
    for (int i = 0; i + lag < n; i++) {
      int x = i * BANDS;
      int y = (i + lag) * BANDS;
      float mx = rowMean[i];
      float my = rowMean[i + lag];
      float xy = 0;
      for (int m = 0; m < BANDS; m++) {
        xy += (logMel[x + m] - mx) * (logMel[y + m] - my);
      }
      out[i] = (float) (xy / Math.sqrt(Math.max((double) rowSquares[i] * rowSquares[i + lag], 1e-20)));
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
