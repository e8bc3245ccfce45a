package io.audioinsight.audio.decode;

/**
 * The polyphase coefficients for one (fromRate, toRate) pair: a Kaiser-windowed sinc low-pass, sampled at
 * {@code phases} fractional offsets, each row normalised to unity DC gain. Immutable once built.
 *
 * <p>The low-pass is centred on half the lower rate, with a transition band of an eighth of the lower rate
 * (44.1 -> 16 kHz: flat to 7 kHz, at least {@link #STOPBAND_DB} dB down from 9 kHz, so nothing aliases below 7 kHz).
 *
 * <p>When the rate ratio reduces to {@code up/down} with few enough phases the table has exactly {@code up} rows
 * and every output uses one row. Otherwise (awkward rates such as 44 101 Hz) it holds {@link #INTERPOLATED_PHASES}
 * + 1 rows and each output interpolates linearly between two neighbouring rows, which keeps the table small.
 */
final class ResamplingFilter {

  static final double STOPBAND_DB = 60;
  static final int INTERPOLATED_PHASES = 256;
  /** Tables larger than this (in floats) switch to interpolated phases. */
  private static final int MAX_EXACT_TABLE = 1 << 18;

  final int up;
  final int down;
  /** Taps per output sample, a multiple of 4. */
  final int taps;
  /** Rows of the table: {@code up} when exact, {@code INTERPOLATED_PHASES} when interpolated. */
  final int phases;
  final boolean interpolated;
  /** {@code phases} rows (plus one when interpolated) of {@code taps} coefficients each, row-major. */
  final float[] table;
  /** When interpolated: row r+1 minus row r, so an output costs two dot products and no per-tap blending. */
  final float[] slope;
  /** The same filter folded for 48 -> 16 kHz ({@link Decimator3To1}), or null for every other ratio. */
  final Decimator3To1 decimation;

  ResamplingFilter(int fromRate, int toRate) {
    int g = gcd(fromRate, toRate);
    up = toRate / g;
    down = fromRate / g;
    double lower = Math.min(fromRate, toRate);
    double cutoff = 0.5 * lower / fromRate; // cycles per input sample
    double transition = lower / 8 / fromRate;
    double beta = 0.1102 * (STOPBAND_DB - 8.7);
    double length = (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition);
    taps = (int) Math.ceil(length / 4) * 4;
    interpolated = (long) up * taps > MAX_EXACT_TABLE;
    phases = interpolated ? INTERPOLATED_PHASES : up;
    int rows = interpolated ? phases + 1 : phases;
    table = new float[rows * taps];
    for (int r = 0; r < rows; r++) {
      fillRow(r, (double) r / phases, cutoff, beta);
    }
    if (interpolated) {
      slope = new float[phases * taps];
      for (int i = 0; i < slope.length; i++) {
        slope[i] = table[i + taps] - table[i];
      }
    } else {
      slope = new float[0];
    }
    decimation = Decimator3To1.of(this);
  }

  /** Row for an output that lies {@code frac} input samples after input sample {@code base}; tap j reads x[base - taps/2 + 1 + j]. */
  private void fillRow(int row, double frac, double cutoff, double beta) {
    int half = taps / 2;
    double i0Beta = besselI0(beta);
    double sum = 0;
    double[] h = new double[taps];
    for (int j = 0; j < taps; j++) {
      double t = frac + half - 1 - j; // distance from this tap to the output instant, in input samples
      double u = t / half;
      double window = Math.abs(u) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - u * u)) / i0Beta;
      double arg = 2 * cutoff * t;
      double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      h[j] = 2 * cutoff * sinc * window;
      sum += h[j];
    }
    for (int j = 0; j < taps; j++) {
      table[row * taps + j] = (float) (h[j] / sum);
    }
  }

  private static double besselI0(double x) {
    double term = 1;
    double sum = 1;
    double q = x * x / 4;
    for (int k = 1; k < 60 && term > 1e-12 * sum; k++) {
      term *= q / ((double) k * k);
      sum += term;
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
