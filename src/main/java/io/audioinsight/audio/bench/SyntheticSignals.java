package io.audioinsight.audio.bench;

import java.util.Random;

/**
 * Deterministic test and benchmark signals at 16 kHz: Gaussian white and pink noise, and a speech-like
 * signal (a glottal pulse train with pitch drift and jitter through three vowel formants and lip radiation, shaped into
 * syllables at about 4 Hz) that is active exactly inside given utterance intervals.
 */
public final class SyntheticSignals {

  public static final int RATE = 16_000;
  private static final double[][] VOWEL_FORMANTS = {
    {730, 1090, 2440}, {270, 2290, 3010}, {530, 1840, 2480}, {570, 840, 2410}, {300, 870, 2240}, {660, 1720, 2410}
  };

  private SyntheticSignals() {}

  public static float[] whiteNoise(int n, double rms, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rms * random.nextGaussian());
    }
    return x;
  }

  /** Pink (1/f) noise by Paul Kellet's filter, scaled to the given RMS. */
  public static float[] pinkNoise(int n, double rms, long seed) {
    Random random = new Random(seed);
    double b0 = 0;
    double b1 = 0;
    double b2 = 0;
    double b3 = 0;
    double b4 = 0;
    double b5 = 0;
    double b6 = 0;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double w = random.nextGaussian();
      b0 = 0.99886 * b0 + w * 0.0555179;
      b1 = 0.99332 * b1 + w * 0.0750759;
      b2 = 0.96900 * b2 + w * 0.1538520;
      b3 = 0.86650 * b3 + w * 0.3104856;
      b4 = 0.55000 * b4 + w * 0.5329522;
      b5 = -0.7616 * b5 - w * 0.0168980;
      x[i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
      b6 = w * 0.115926;
    }
    return scaleToRms(x, rms);
  }

  /**
   * Speech-like signal of {@code n} samples, silent (exact zeros) outside {@code utterances}
   * ({start, end} pairs in seconds). Inside, syllables of 150-300 ms each with their own vowel and a
   * raised-cosine envelope that never drops below 15 % (so every 20 ms frame lies within 35 dB of the
   * loudest); pitch 100-140 Hz with slow drift and 1 % cycle jitter.
   */
  public static float[] speechLike(int n, double[][] utterances, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n];
    for (double[] u : utterances) {
      int start = (int) Math.round(u[0] * RATE);
      int end = Math.min(n, (int) Math.round(u[1] * RATE));
      double basePitch = 100 + 40 * random.nextDouble();
      int pos = start;
      double phase = 0;
      double period = RATE / basePitch;
      double[] state = new double[6];
      double lastFormantOut = 0;
      while (pos < end) {
        int syllable = Math.min(end - pos, (int) (RATE * (0.15 + 0.15 * random.nextDouble())));
        double[] formants = VOWEL_FORMANTS[random.nextInt(VOWEL_FORMANTS.length)];
        double[][] coeffs = new double[3][];
        for (int f = 0; f < 3; f++) {
          coeffs[f] = resonator(formants[f], 60 + 40 * f);
        }
        for (int i = 0; i < syllable; i++) {
          double t = (pos + i) / (double) RATE;
          phase += 1.0;
          double excitation = 0;
          if (phase >= period) {
            phase -= period;
            double pitch = basePitch * (1 + 0.08 * Math.sin(2 * Math.PI * 0.6 * t));
            period = RATE / pitch * (1 + 0.01 * random.nextGaussian());
            excitation = 1.0;
          }
          excitation += 0.02 * random.nextGaussian(); // aspiration
          double y = excitation;
          for (int f = 0; f < 3; f++) {
            double[] c = coeffs[f];
            double out = c[0] * y - c[1] * state[2 * f] - c[2] * state[2 * f + 1];
            state[2 * f + 1] = state[2 * f];
            state[2 * f] = out;
            y = out;
          }
          double envelope = 0.15 + 0.85 * Math.pow(Math.sin(Math.PI * (i + 0.5) / syllable), 2);
          double radiated = y - lastFormantOut; // lip radiation: a first difference, so no DC
          lastFormantOut = y;
          x[pos + i] = (float) (radiated * envelope);
        }
        pos += syllable;
      }
    }
    return scaleToPeak(x, 0.5);
  }

  /** Power of {@code x} over the samples inside {@code utterances}. */
  public static double activePower(float[] x, double[][] utterances) {
    double sum = 0;
    long count = 0;
    for (double[] u : utterances) {
      int start = (int) Math.round(u[0] * RATE);
      int end = Math.min(x.length, (int) Math.round(u[1] * RATE));
      for (int i = start; i < end; i++) {
        sum += (double) x[i] * x[i];
      }
      count += Math.max(0, end - start);
    }
    return count == 0 ? 0 : sum / count;
  }

  public static double power(float[] x) {
    double sum = 0;
    for (float v : x) {
      sum += (double) v * v;
    }
    return x.length == 0 ? 0 : sum / x.length;
  }

  /** speech + noise, the noise scaled so that active speech power / noise power is {@code snrDb}. */
  public static float[] mix(float[] speech, double[][] utterances, float[] noise, double snrDb) {
    double gain = Math.sqrt(activePower(speech, utterances) / power(noise) / Math.pow(10, snrDb / 10));
    float[] x = new float[speech.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (speech[i] + gain * noise[i]);
    }
    return x;
  }

  public static float[] add(float[] a, float[] b) {
    float[] x = new float[a.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = a[i] + b[i];
    }
    return x;
  }

  /** Two-pole resonator {gain, a1, a2} at {@code hz} with bandwidth {@code bandwidthHz}, unit gain at its peak. */
  private static double[] resonator(double hz, double bandwidthHz) {
    double r = Math.exp(-Math.PI * bandwidthHz / RATE);
    double theta = 2 * Math.PI * hz / RATE;
    double a1 = -2 * r * Math.cos(theta);
    double a2 = r * r;
    double gain = (1 - r) * Math.sqrt(1 - 2 * r * Math.cos(2 * theta) + r * r);
    return new double[] {gain, a1, a2};
  }

  private static float[] scaleToRms(float[] x, double rms) {
    double p = power(x);
    if (p > 0) {
      float g = (float) (rms / Math.sqrt(p));
      for (int i = 0; i < x.length; i++) {
        x[i] *= g;
      }
    }
    return x;
  }

  private static float[] scaleToPeak(float[] x, double peak) {
    float max = 0;
    for (float v : x) {
      max = Math.max(max, Math.abs(v));
    }
    if (max > 0) {
      float g = (float) (peak / max);
      for (int i = 0; i < x.length; i++) {
        x[i] *= g;
      }
    }
    return x;
  }
}
