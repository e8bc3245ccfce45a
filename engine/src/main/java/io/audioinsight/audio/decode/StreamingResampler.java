package io.audioinsight.audio.decode;

import java.util.Arrays;

/**
 * {@link Resampler}'s polyphase filter (the same cached {@link ResamplingFilter}) applied to input that arrives in
 * blocks, so a long compressed file is resampled as it decodes and its full-rate signal is never held. Keeps only
 * the input the next outputs still need (a filter's length) plus the block being pushed.
 */
final class StreamingResampler {

  /** Where the 16 kHz output goes: the decoders' {@link MonoSink}, or a live stream's {@link PcmStream}. */
  interface Output {
    void accept(float[] y, int off, int n);
  }

  private final ResamplingFilter f;
  private final int half;
  private final int stepWhole;
  private final int stepFrac;
  /** Pending input; x[0] is input sample number {@code xStart}. */
  private float[] x = new float[1 << 14];
  private long xStart;
  private int xLen;
  /** The input sample at or before the next output instant, which lies {@code phase / up} samples after it. */
  private long base;
  private int phase;
  private final float[] y = new float[4_096];

  StreamingResampler(int fromRate, int toRate) {
    this(fromRate, toRate, 0, 0);
  }

  /**
   * A resampler whose first output is output number {@code firstOutput} of the whole signal and whose first input
   * is input sample number {@code firstInput} of it ({@link Mp3Parts}: one part of a file decoded in parts). Each
   * output whose window lies inside the input it is given is the very value a resampler started at the signal's
   * beginning computes for it: its position is exact integer arithmetic and its dot product does not depend on
   * where the input was cut.
   *
   * @throws IllegalArgumentException if the first output's window starts before {@code firstInput}
   */
  StreamingResampler(int fromRate, int toRate, long firstOutput, long firstInput) {
    f = Resampler.filter(fromRate, toRate);
    half = f.taps / 2;
    stepWhole = f.down / f.up;
    stepFrac = f.down % f.up;
    base = Math.multiplyExact(firstOutput, (long) f.down) / f.up;
    phase = (int) (firstOutput * f.down % f.up);
    xStart = firstInput;
    if (firstOutput > 0 && windowStart(firstOutput, fromRate, toRate) < firstInput) {
      throw new IllegalArgumentException("output " + firstOutput + " needs input before sample " + firstInput);
    }
  }

  /** The first input sample output {@code j} of the whole signal reads (zero before the signal starts). */
  static long windowStart(long j, int fromRate, int toRate) {
    ResamplingFilter f = Resampler.filter(fromRate, toRate);
    return Math.multiplyExact(j, (long) f.down) / f.up - f.taps / 2 + 1;
  }

  /** The last input sample output {@code j} of the whole signal reads. */
  static long windowEnd(long j, int fromRate, int toRate) {
    ResamplingFilter f = Resampler.filter(fromRate, toRate);
    return Math.multiplyExact(j, (long) f.down) / f.up + f.taps / 2;
  }

  /** Adds {@code n} input samples and hands every output they complete to {@code sink}. */
  void push(float[] in, int n, Output sink) {
    if (xLen + n > x.length) {
      int drop = (int) Math.max(0, Math.min(xLen, base - half + 1 - xStart)); // input no output needs any more
      System.arraycopy(x, drop, x, 0, xLen - drop);
      xStart += drop;
      xLen -= drop;
      if (xLen + n > x.length) {
        x = Arrays.copyOf(x, Math.max(xLen + n, x.length * 2));
      }
    }
    System.arraycopy(in, 0, x, xLen, n);
    xLen += n;
    produce(sink, false);
  }

  /** Emits the outputs up to the end of the input, with silence after it (as {@link Resampler} does). */
  void flush(Output sink) {
    produce(sink, true);
  }

  private void produce(Output sink, boolean flushing) {
    long end = xStart + xLen;
    int ny = 0;
    while (true) {
      long first = base - half + 1;
      if (flushing ? base >= end : first + f.taps > end) {
        break;
      }
      if (ny == y.length) {
        sink.accept(y, 0, ny);
        ny = 0;
      }
      int k = (int) (first - xStart);
      if (f.decimation != null && k >= 0 && k + f.taps <= xLen) {
        // 48 -> 16 kHz: every output whose window is complete, in one block (phase stays 0, base steps by 3)
        int n = Math.min((xLen - f.taps - k) / 3 + 1, y.length - ny);
        f.decimation.apply(x, k, n, y, ny);
        ny += n;
        base += 3L * n;
        continue;
      }
      if (f.interpolated) {
        double pos = (double) phase * f.phases / f.up;
        int row = (int) pos;
        y[ny++] = dot(k, f.table, row * f.taps) + (float) (pos - row) * dot(k, f.slope, row * f.taps);
      } else {
        y[ny++] = dot(k, f.table, phase * f.taps);
      }
      base += stepWhole;
      phase += stepFrac;
      if (phase >= f.up) {
        phase -= f.up;
        base++;
      }
    }
    if (ny > 0) {
      sink.accept(y, 0, ny);
    }
  }

  /** Sum of x[k + j] * h[off + j] over the taps, with x zero outside the pending input. */
  private float dot(int k, float[] h, int off) {
    int taps = f.taps;
    if (k < 0 || k + taps > xLen) {
      float s = 0;
      for (int j = Math.max(0, -k), last = Math.min(taps, xLen - k); j < last; j++) {
        s += x[k + j] * h[off + j];
      }
      return s;
    }
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    for (int j = 0; j < taps; j += 4) {
      s0 += x[k + j] * h[off + j];
      s1 += x[k + j + 1] * h[off + j + 1];
      s2 += x[k + j + 2] * h[off + j + 2];
      s3 += x[k + j + 3] * h[off + j + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
