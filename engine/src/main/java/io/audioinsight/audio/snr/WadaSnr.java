package io.audioinsight.audio.snr;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.FastLog;

/**
 * Global SNR by WADA (waveform amplitude distribution analysis, Kim and Stern 2008): measure
 * G = ln mean|x| - mean ln|x| over the whole waveform and invert the model curve of {@link WadaModel}.
 * It estimates the speech energy over the whole file against the noise energy, without a VAD.
 */
public final class WadaSnr {

  /** Magnitudes below this (about -200 dBFS) are clamped so that exact zeros have a finite log. */
  private static final float MIN_MAGNITUDE = 1e-10f;
  /** Every STRIDE-th sample is used (CHECK_EVERY is a multiple of it, so blocks keep the same phase). */
  static final int STRIDE = 2;
  /** Samples between cancellation checks: 2^18 samples take well under 100 ms. */
  private static final int CHECK_EVERY = 1 << 18;

  private WadaSnr() {}

  /**
   * Global SNR in dB in [{@link WadaModel#MIN_DB}, {@link WadaModel#MAX_DB}], or null when the signal is
   * empty or digital silence. The mean is removed first so that a DC offset does not count as signal.
   */
  public static Double estimateDb(float[] x, Cancellation cancellation) {
    int n = x.length;
    if (n == 0) {
      return null;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += x[i];
    }
    float mean = (float) (sum / n);
    // G is a statistic of the amplitude distribution: every second sample estimates it as well (hundreds of
    // thousands of samples per minute) at half the cost of the per-sample log
    double absSum = 0;
    double logSum = 0;
    long used = 0;
    float peak = 0;
    for (int start = 0; start < n; start += CHECK_EVERY) {
      cancellation.throwIfCancelled();
      int end = Math.min(n, start + CHECK_EVERY);
      double blockAbs = 0;
      double blockLog = 0;
      for (int i = start; i < end; i += STRIDE) {
        float magnitude = Math.abs(x[i] - mean);
        peak = Math.max(peak, magnitude);
        float a = Math.max(magnitude, MIN_MAGNITUDE);
        blockAbs += a;
        blockLog += FastLog.ln(a);
        used++;
      }
      absSum += blockAbs;
      logSum += blockLog;
    }
    if (peak <= MIN_MAGNITUDE && isFlat(x, mean)) {
      return null;
    }
    double g = Math.log(absSum / used) - logSum / used;
    return WadaModel.snrDbForG(g);
  }

  /** Whether every sample (not only the ones used) is within MIN_MAGNITUDE of the mean. */
  private static boolean isFlat(float[] x, float mean) {
    for (float v : x) {
      if (Math.abs(v - mean) > MIN_MAGNITUDE) {
        return false;
      }
    }
    return true;
  }
}
