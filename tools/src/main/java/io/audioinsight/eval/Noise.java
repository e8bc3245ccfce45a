package io.audioinsight.eval;

import java.util.Random;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Seeded noise generators for the corpus. Every generator returns unit-RMS noise of the requested length, so
 * the mixer alone sets the level. Same arguments, same samples.
 */
public final class Noise {

  /** Below this frequency coloured noise is flat, so brown noise does not wander off as a huge DC drift. */
  static final double COLOURED_LOW_HZ = 20.0;

  private Noise() {}

  /** Gaussian white noise. */
  public static float[] white(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return normalized(x);
  }

  /** Pink noise: power density falls 3 dB per octave (1/f). */
  public static float[] pink(int n, int sampleRate, long seed) {
    return coloured(n, sampleRate, 1.0, seed);
  }

  /** Brown noise: power density falls 6 dB per octave (1/f^2). */
  public static float[] brown(int n, int sampleRate, long seed) {
    return coloured(n, sampleRate, 2.0, seed);
  }

  /**
   * Noise with power density proportional to 1/f^exponent above {@value #COLOURED_LOW_HZ} Hz, made by shaping
   * the spectrum of white noise (exact slope, no filter approximation). Cyclic, so it has no start-up
   * transient.
   */
  public static float[] coloured(int n, int sampleRate, double exponent, long seed) {
    if (n == 0) {
      return new float[0];
    }
    int m = 2;
    while (m < n) {
      m <<= 1;
    }
    Random r = new Random(seed);
    double[] a = new double[m];
    for (int i = 0; i < m; i++) {
      a[i] = r.nextGaussian();
    }
    DoubleFFT_1D fft = new DoubleFFT_1D(m);
    fft.realForward(a);
    // Packing for even m: a[0] = DC, a[1] = Nyquist, then (re, im) of bin k at a[2k], a[2k+1].
    a[0] = 0;
    a[1] *= amplitude(m / 2, m, sampleRate, exponent);
    for (int k = 1; k < m / 2; k++) {
      double g = amplitude(k, m, sampleRate, exponent);
      a[2 * k] *= g;
      a[2 * k + 1] *= g;
    }
    fft.realInverse(a, true);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) a[i];
    }
    return normalized(x);
  }

  private static double amplitude(int bin, int m, int sampleRate, double exponent) {
    double hz = Math.max(COLOURED_LOW_HZ, (double) bin * sampleRate / m);
    return Math.pow(hz, -exponent / 2);
  }

  /**
   * Mains hum: a {@code mainsHz} fundamental with harmonics up to ~1.5 kHz, odd ones stronger (transformer
   * saturation) and amplitudes falling as 1/k; random fixed phases.
   */
  public static float[] hum(int n, int sampleRate, double mainsHz, long seed) {
    Random r = new Random(seed);
    int harmonics = (int) Math.min(30, Math.floor(1500 / mainsHz));
    double[] amp = new double[harmonics + 1];
    double[] phase = new double[harmonics + 1];
    for (int k = 1; k <= harmonics; k++) {
      amp[k] = (k % 2 == 1 ? 1.0 : 0.5) / k;
      phase[k] = 2 * Math.PI * r.nextDouble();
    }
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = (double) i / sampleRate;
      double v = 0;
      for (int k = 1; k <= harmonics; k++) {
        v += amp[k] * Math.sin(2 * Math.PI * k * mainsHz * t + phase[k]);
      }
      x[i] = (float) v;
    }
    return normalized(x);
  }

  /**
   * Non-stationary noise: pink noise whose level jumps every 0.3-2 s to one of -12, -6, 0 or +6 dB, with
   * 20 ms ramps between levels, like a noise source switching on and off or moving.
   */
  public static float[] switching(int n, int sampleRate, long seed) {
    float[] x = pink(n, sampleRate, seed);
    float[] gain = switchingEnvelope(n, sampleRate, seed + 1);
    for (int i = 0; i < n; i++) {
      x[i] *= gain[i];
    }
    return normalized(x);
  }

  static float[] switchingEnvelope(int n, int sampleRate, long seed) {
    double[] levelsDb = {-12, -6, 0, 6};
    Random r = new Random(seed);
    float[] env = new float[n];
    int ramp = Math.max(1, sampleRate / 50);
    double previous = Math.pow(10, levelsDb[r.nextInt(levelsDb.length)] / 20);
    int i = 0;
    while (i < n) {
      double next = Math.pow(10, levelsDb[r.nextInt(levelsDb.length)] / 20);
      int len = (int) ((0.3 + 1.7 * r.nextDouble()) * sampleRate);
      for (int k = 0; k < len && i < n; k++, i++) {
        double w = k < ramp ? (double) k / ramp : 1.0;
        env[i] = (float) (previous + (next - previous) * w);
      }
      previous = next;
    }
    return env;
  }

  /** Scales {@code x} in place to unit RMS (silence stays silence) and returns it. */
  public static float[] normalized(float[] x) {
    double p = GroundTruth.meanPower(x);
    if (p > 0) {
      float g = (float) (1 / Math.sqrt(p));
      for (int i = 0; i < x.length; i++) {
        x[i] *= g;
      }
    }
    return x;
  }
}
