package io.audioinsight.audio;

/**
 * The power of one spectrum row: its {@link Spectrogram#BINS} bins summed, DC and Nyquist counting half
 * (Parseval for a real FFT). Eight partial sums instead of one chain: a single float accumulator waits
 * for each add in turn (about 1000 cycles per row), eight run side by side; the result differs from the
 * sequential sum only in float rounding (relative 1e-7).
 */
public final class ParsevalSum {

  private static final int B = Spectrogram.BINS;

  private ParsevalSum() {}

  /** Sum of {@code row[base .. base + BINS)}, the first and last bin weighted one half. */
  public static float of(float[] row, int base) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int k = base + 1;
    int end = base + B - 1; // exclusive: the Nyquist bin is added below
    for (; k + 8 <= end; k += 8) {
      s0 += row[k];
      s1 += row[k + 1];
      s2 += row[k + 2];
      s3 += row[k + 3];
      s4 += row[k + 4];
      s5 += row[k + 5];
      s6 += row[k + 6];
      s7 += row[k + 7];
    }
    for (; k < end; k++) {
      s0 += row[k];
    }
    return 0.5f * (row[base] + row[base + B - 1]) + (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
  }
}
