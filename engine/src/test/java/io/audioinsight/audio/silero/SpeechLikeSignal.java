package io.audioinsight.audio.silero;

import java.util.SplittableRandom;

/**
 * Pure-Java speech-like test audio at 16 kHz: a glottal pulse train (f0 with drift and jitter) through
 * three formant resonators whose targets change per syllable, shaped by a syllable-rate envelope, with
 * breathy noise. Not intelligible, but it has the harmonic, formant and 4 Hz modulation structure that
 * speech detectors key on. Deterministic for a given seed.
 */
final class SpeechLikeSignal {

  static final int RATE = 16_000;

  /** F1, F2, F3 in Hz of a few vowels (a, e, i, o, u, schwa). */
  private static final double[][] VOWELS = {
      {730, 1090, 2440}, {530, 1840, 2480}, {270, 2290, 3010}, {570, 840, 2410}, {300, 870, 2240}, {500, 1500, 2500}};

  private SpeechLikeSignal() {}

  /** {@code seconds} of continuous "talking" (syllables with short gaps), peak around 0.5. */
  static float[] speech(double seconds, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = (int) Math.round(seconds * RATE);
    float[] out = new float[n];
    double f0Base = 100 + 80 * random.nextDouble();
    double phase = 0;
    Resonator[] formants = {new Resonator(), new Resonator(), new Resonator()};
    int i = 0;
    while (i < n) {
      int syllable = (int) ((0.15 + 0.15 * random.nextDouble()) * RATE);
      int gap = (int) ((0.02 + 0.08 * random.nextDouble()) * RATE);
      double[] vowel = VOWELS[random.nextInt(VOWELS.length)];
      double[] next = VOWELS[random.nextInt(VOWELS.length)];
      for (int k = 0; k < 3; k++) {
        formants[k].bandwidth = 60 + 40 * k;
      }
      for (int s = 0; s < syllable && i < n; s++, i++) {
        double t = (double) s / syllable;
        for (int k = 0; k < 3; k++) {
          formants[k].tune(vowel[k] + (next[k] - vowel[k]) * t);
        }
        double f0 = f0Base * (1 + 0.12 * Math.sin(2 * Math.PI * 0.7 * i / RATE)) * (1 + 0.01 * random.nextGaussian());
        phase += f0 / RATE;
        double source = 0;
        if (phase >= 1) {
          phase -= 1;
          source = 1; // one glottal pulse per period
        }
        source += 0.02 * random.nextGaussian(); // breath
        double envelope = Math.sin(Math.PI * t);
        double y = formants[0].step(source) + 0.6 * formants[1].step(source) + 0.3 * formants[2].step(source);
        out[i] = (float) (envelope * y);
      }
      for (int s = 0; s < gap && i < n; s++, i++) {
        out[i] = (float) (0.2 * formants[0].step(0) + 0.2 * formants[1].step(0));
      }
    }
    normalise(out, 0.5f);
    return out;
  }

  /** White noise with the given RMS. */
  static float[] noise(double seconds, double rms, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[(int) Math.round(seconds * RATE)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (rms * random.nextGaussian());
    }
    return out;
  }

  static float[] concat(float[]... parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** {@code a + b} sample by sample (b at least as long as a). */
  static float[] mix(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static void normalise(float[] x, float peak) {
    float max = 1e-9f;
    for (float v : x) {
      max = Math.max(max, Math.abs(v));
    }
    for (int i = 0; i < x.length; i++) {
      x[i] *= peak / max;
    }
  }

  /** Two-pole resonator with unit gain at its centre frequency. */
  private static final class Resonator {
    double bandwidth = 80;
    private double a1;
    private double a2;
    private double gain;
    private double y1;
    private double y2;

    void tune(double hz) {
      double r = Math.exp(-Math.PI * bandwidth / RATE);
      a1 = 2 * r * Math.cos(2 * Math.PI * hz / RATE);
      a2 = -r * r;
      gain = 1 - r;
    }

    double step(double x) {
      double y = gain * x + a1 * y1 + a2 * y2;
      y2 = y1;
      y1 = y;
      return y;
    }
  }
}
