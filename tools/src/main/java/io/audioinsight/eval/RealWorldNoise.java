package io.audioinsight.eval;

import java.util.List;
import java.util.Random;

/**
 * Non-stationary noise for the real-noise corpus ({@link NoiseCorpusBuilder}): recorded clips placed as
 * events, recorded music looped, and noises made in code (keyboard typing, traffic, rumble). Every method
 * returns unit-RMS noise of the requested length (as {@link Noise} does), so the mixer alone sets the level.
 * Same arguments, same samples.
 */
public final class RealWorldNoise {

  /** Level of the room hiss under recorded events, relative to the events' mean power: a quiet room. */
  static final double EVENT_HISS_DB = -30;
  /** Pause between two recorded events: phones ring, pause, ring again. */
  static final double MIN_EVENT_GAP_S = 0.1;
  static final double MAX_EVENT_GAP_S = 2.0;

  private RealWorldNoise() {}

  /**
   * Recorded clips (rings, chimes, alarms, game effects) one after another with random pauses of
   * {@value #MIN_EVENT_GAP_S}-{@value #MAX_EVENT_GAP_S} s and random gains of +-6 dB, over pink hiss
   * {@value #EVENT_HISS_DB} dB below the events: tonal and impulsive noise that comes and goes.
   */
  public static float[] events(List<float[]> clips, int n, int rate, Random r) {
    float[] x = new float[n];
    int at = (int) (r.nextDouble() * MAX_EVENT_GAP_S * rate);
    while (at < n) {
      float[] clip = clips.get(r.nextInt(clips.size()));
      float gain = (float) Math.pow(10, (-6 + 12 * r.nextDouble()) / 20);
      for (int i = 0; i < clip.length && at + i < n; i++) {
        x[at + i] += gain * clip[i];
      }
      at += clip.length + (int) ((MIN_EVENT_GAP_S + (MAX_EVENT_GAP_S - MIN_EVENT_GAP_S) * r.nextDouble()) * rate);
    }
    return withHiss(x, rate, r);
  }

  /** Recorded music: pieces from random points of random recordings, back to back until {@code n} samples. */
  public static float[] looped(List<float[]> recordings, int n, Random r) {
    float[] x = new float[n];
    int at = 0;
    while (at < n) {
      float[] rec = recordings.get(r.nextInt(recordings.size()));
      int from = rec.length > 1 ? r.nextInt(rec.length / 2 + 1) : 0;
      int len = Math.min(rec.length - from, n - at);
      System.arraycopy(rec, from, x, at, len);
      at += Math.max(1, len);
    }
    return Noise.normalized(x);
  }

  /**
   * Typing: bursts of 3-25 keystrokes 80-250 ms apart, 0.4-3 s between bursts; each keystroke a press and a
   * release click (40-110 ms later), each click 3-10 ms of decaying noise through a resonance at 1.5-6 kHz;
   * over room hiss.
   */
  public static float[] keyboard(int n, int rate, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    int at = (int) (r.nextDouble() * rate);
    while (at < n) {
      int keys = 3 + r.nextInt(23);
      for (int k = 0; k < keys && at < n; k++) {
        click(x, at, rate, r, 1.0);
        click(x, at + (int) ((0.04 + 0.07 * r.nextDouble()) * rate), rate, r, 0.5);
        at += (int) ((0.08 + 0.17 * r.nextDouble()) * rate);
      }
      at += (int) ((0.4 + 2.6 * r.nextDouble()) * rate);
    }
    return withHiss(x, rate, r);
  }

  /** One click: a two-pole resonator excited by exponentially decaying white noise. */
  private static void click(float[] x, int at, int rate, Random r, double level) {
    double hz = 1500 + 4500 * r.nextDouble();
    double decay = (0.003 + 0.007 * r.nextDouble()) * rate;
    double radius = 0.97;
    double c1 = 2 * radius * Math.cos(2 * Math.PI * hz / rate);
    double c2 = -radius * radius;
    double y1 = 0;
    double y2 = 0;
    double amp = level * (0.5 + r.nextDouble());
    int len = (int) (6 * decay);
    for (int i = 0; i < len && at + i < x.length; i++) {
      double e = amp * r.nextGaussian() * Math.exp(-i / decay);
      double y = e + c1 * y1 + c2 * y2;
      y2 = y1;
      y1 = y;
      if (at + i >= 0) {
        x[at + i] += (float) (0.1 * y);
      }
    }
  }

  /**
   * Traffic: vehicles passing every 1.5-8 s (low-passed noise at 250-1200 Hz whose level rises and falls
   * over 1-4 s as the vehicle approaches and leaves) over a steady low rumble.
   */
  public static float[] traffic(int n, int rate, long seed) {
    Random r = new Random(seed);
    float[] x = Noise.coloured(n, rate, 2.0, r.nextLong());
    for (int i = 0; i < n; i++) {
      x[i] *= 0.3f;
    }
    double t = -2 * r.nextDouble();
    double seconds = (double) n / rate;
    while (t < seconds + 2) {
      double width = 1 + 3 * r.nextDouble();
      double level = 0.5 + 1.5 * r.nextDouble();
      float[] engine = lowPassed(Noise.white(n, r.nextLong()), rate, 250 + 950 * r.nextDouble());
      double centre = t;
      for (int i = 0; i < n; i++) {
        double d = ((double) i / rate - centre) / width;
        x[i] += (float) (level * engine[i] / (1 + d * d));
      }
      t += 1.5 + 6.5 * r.nextDouble();
    }
    return Noise.normalized(x);
  }

  /**
   * Rumble: noise below about 150 Hz (machinery, wind, a lorry idling outside) whose level drifts by up to
   * +-6 dB every few seconds, over brown noise.
   */
  public static float[] rumble(int n, int rate, long seed) {
    Random r = new Random(seed);
    float[] low = lowPassed(lowPassed(Noise.white(n, r.nextLong()), rate, 150), rate, 150);
    Noise.normalized(low);
    float[] brown = Noise.brown(n, rate, r.nextLong());
    double rateHz = 0.1 + 0.4 * r.nextDouble();
    double phase = 2 * Math.PI * r.nextDouble();
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double drift = Math.pow(10, 6 * Math.sin(2 * Math.PI * rateHz * i / rate + phase) / 20);
      x[i] = (float) (drift * low[i] + 0.5 * brown[i]);
    }
    return Noise.normalized(x);
  }

  /** Two unit-RMS noises summed with a random level difference of up to +-6 dB, back to unit RMS. */
  public static float[] mixture(float[] a, float[] b, Random r) {
    double gain = Math.pow(10, (-6 + 12 * r.nextDouble()) / 20);
    float[] x = new float[a.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (a[i] + gain * b[i]);
    }
    return Noise.normalized(x);
  }

  /** Two one-pole sections: a gentle low-pass at {@code cutoffHz}. */
  static float[] lowPassed(float[] x, int rate, double cutoffHz) {
    double a = Math.exp(-2 * Math.PI * cutoffHz / rate);
    double y1 = 0;
    double y2 = 0;
    for (int i = 0; i < x.length; i++) {
      y1 = (1 - a) * x[i] + a * y1;
      y2 = (1 - a) * y1 + a * y2;
      x[i] = (float) y2;
    }
    return x;
  }

  /** {@code x} normalised, plus pink hiss at {@value #EVENT_HISS_DB} dB, back to unit RMS. */
  private static float[] withHiss(float[] x, int rate, Random r) {
    Noise.normalized(x);
    float[] hiss = Noise.pink(x.length, rate, r.nextLong());
    float g = (float) Math.pow(10, EVENT_HISS_DB / 20);
    for (int i = 0; i < x.length; i++) {
      x[i] += g * hiss[i];
    }
    return Noise.normalized(x);
  }
}
