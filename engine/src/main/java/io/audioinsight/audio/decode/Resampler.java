package io.audioinsight.audio.decode;

import io.audioinsight.audio.Cancellation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion by a polyphase Kaiser-windowed sinc filter (see {@link ResamplingFilter}).
 * Any rational ratio between rates of 8..192 kHz works, e.g. 44 100 -> 16 000 (up 160, down 441) or 8 000 -> 16 000.
 *
 * <p>48 -> 16 kHz, the common case (Opus always decodes at 48 kHz), runs the same filter folded
 * ({@link Decimator3To1}), with a third of the multiplies.
 *
 * <p>Filters are built once per rate pair and cached (immutable, so threads share them safely). The cache holds at
 * most {@value #MAX_CACHED} pairs so that a stream of odd rates from untrusted files cannot grow memory; beyond that
 * the filter is built per call. Signal outside the input counts as silence.
 */
public final class Resampler {

  public static final int MIN_RATE = 8_000;
  public static final int MAX_RATE = 192_000;
  private static final int MAX_CACHED = 32;
  /** Output samples between cancellation checks: well under a millisecond of work. */
  private static final int BLOCK = 8_192;

  private static final Map<Long, ResamplingFilter> FILTERS = new ConcurrentHashMap<>();

  private Resampler() {}

  /** {@link #toRate(float[], int, int, Cancellation)} without cancellation. */
  public static float[] toRate(float[] x, int fromRate, int toRate) {
    return toRate(x, fromRate, toRate, Cancellation.NONE);
  }

  /**
   * Resamples {@code x} from {@code fromRate} to {@code toRate}.
   *
   * @return {@code x} itself when the rates are equal; otherwise a new array of
   *     {@code ceil(x.length * toRate / fromRate)} samples
   * @throws IllegalArgumentException if a rate is outside 8000..192000 Hz, or the output would not fit an array
   * @throws io.audioinsight.audio.AnalysisCancelledException if {@code cancellation} fires (checked every block)
   */
  public static float[] toRate(float[] x, int fromRate, int toRate, Cancellation cancellation) {
    checkRate(fromRate);
    checkRate(toRate);
    if (fromRate == toRate) {
      return x;
    }
    ResamplingFilter f = filter(fromRate, toRate);
    long outLength = ((long) x.length * f.up + f.down - 1) / f.down;
    if (outLength > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(x.length + " samples at " + fromRate + " Hz are too many to resample to " + toRate + " Hz");
    }
    float[] y = new float[(int) outLength];
    int stepWhole = f.down / f.up;
    int stepFrac = f.down % f.up;
    int base = 0; // input sample at or before the output instant
    int phase = 0; // output instant = base + phase / up
    for (int start = 0; start < y.length; start += BLOCK) {
      cancellation.throwIfCancelled();
      int end = Math.min(y.length, start + BLOCK);
      if (f.decimation != null) {
        decimate(x, f, y, start, end);
        continue;
      }
      for (int n = start; n < end; n++) {
        y[n] = f.interpolated ? interpolatedOutput(x, f, base, phase) : dot(x, base - f.taps / 2 + 1, f.table, phase * f.taps, f.taps);
        base += stepWhole;
        phase += stepFrac;
        if (phase >= f.up) {
          phase -= f.up;
          base++;
        }
      }
    }
    return y;
  }

  /**
   * Outputs {@code start..end-1} of a 3:1 decimation (output n is centred on input 3n): the folded
   * {@link Decimator3To1} where the whole window lies inside {@code x}, the plain dot product at the edges.
   */
  private static void decimate(float[] x, ResamplingFilter f, float[] y, int start, int end) {
    int back = f.taps / 2 - 1; // output n's window starts at input 3n - back
    int fullFrom = Math.max(start, Math.min(end, (back + 2) / 3)); // first n with 3n - back >= 0
    int fullTo = Math.max(fullFrom, Math.min(end, (x.length - f.taps + back) / 3 + 1)); // windows ending in x
    for (int n = start; n < fullFrom; n++) {
      y[n] = dot(x, 3 * n - back, f.table, 0, f.taps);
    }
    if (fullTo > fullFrom) {
      f.decimation.apply(x, 3 * fullFrom - back, fullTo - fullFrom, y, fullFrom);
    }
    for (int n = fullTo; n < end; n++) {
      y[n] = dot(x, 3 * n - back, f.table, 0, f.taps);
    }
  }

  private static float interpolatedOutput(float[] x, ResamplingFilter f, int base, int phase) {
    double pos = (double) phase * f.phases / f.up;
    int row = (int) pos;
    float a = (float) (pos - row);
    int first = base - f.taps / 2 + 1;
    int off = row * f.taps;
    return dot(x, first, f.table, off, f.taps) + a * dot(x, first, f.slope, off, f.taps);
  }

  /** Sum of x[first + j] * h[off + j] for j < taps, with x zero outside its bounds. */
  private static float dot(float[] x, int first, float[] h, int off, int taps) {
    if (first < 0 || first + taps > x.length) {
      float s = 0;
      for (int j = Math.max(0, -first), last = Math.min(taps, x.length - first); j < last; j++) {
        s += x[first + j] * h[off + j];
      }
      return s;
    }
    // four accumulators break the add dependency chain; taps is a multiple of 4
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    for (int j = 0; j < taps; j += 4) {
      int k = first + j;
      int o = off + j;
      s0 += x[k] * h[o];
      s1 += x[k + 1] * h[o + 1];
      s2 += x[k + 2] * h[o + 2];
      s3 += x[k + 3] * h[o + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }

  static ResamplingFilter filter(int fromRate, int toRate) {
    Long key = (long) fromRate << 32 | toRate;
    ResamplingFilter cached = FILTERS.get(key);
    if (cached != null) {
      return cached;
    }
    if (FILTERS.size() >= MAX_CACHED) {
      return new ResamplingFilter(fromRate, toRate);
    }
    return FILTERS.computeIfAbsent(key, k -> new ResamplingFilter(fromRate, toRate));
  }

  private static void checkRate(int rate) {
    if (rate < MIN_RATE || rate > MAX_RATE) {
      throw new IllegalArgumentException("sample rate " + rate + " Hz is outside " + MIN_RATE + ".." + MAX_RATE + " Hz");
    }
  }
}
