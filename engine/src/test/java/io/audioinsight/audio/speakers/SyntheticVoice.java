package io.audioinsight.audio.speakers;

import java.util.Random;

/**
 * A crude but speech-like talker for tests, in pure Java: a glottal pulse train (with jitter and intonation)
 * through a cascade of formant resonators that move from vowel to vowel at syllable rate, with fricative noise
 * bursts and phrase pauses. The vocal tract (formant scale, bandwidths) is what makes one voice differ from
 * another; pitch and loudness can be changed per phrase without changing the voice.
 *
 * @param f0Hz          typical pitch
 * @param formantScale  vocal-tract length factor (1.0 adult male, ~1.2 adult female)
 * @param bandwidthScale formant bandwidth factor
 */
record SyntheticVoice(double f0Hz, double formantScale, double bandwidthScale) {

  static final int RATE = 16_000;
  /** F1, F2, F3 of five vowels (adult male, Hz). */
  private static final double[][] VOWELS = {
    {730, 1090, 2440}, {270, 2290, 3010}, {300, 870, 2240}, {530, 1840, 2480}, {570, 840, 2410},
  };

  static final SyntheticVoice LOW = new SyntheticVoice(110, 1.0, 1.0);
  static final SyntheticVoice HIGH = new SyntheticVoice(210, 1.22, 1.4);
  static final SyntheticVoice MID = new SyntheticVoice(150, 1.1, 0.7);

  /**
   * Appends about {@code seconds} of talk to {@code out} starting at sample {@code at}; returns the sample
   * after the last one written.
   *
   * @param pitchFactor multiplies the pitch (0.7..1.5 is still the same voice)
   * @param gain        linear amplitude
   */
  int speak(float[] out, int at, double seconds, double pitchFactor, double gain, Random rng) {
    int end = Math.min(out.length, at + (int) (seconds * RATE));
    Resonator[] tract = {new Resonator(), new Resonator(), new Resonator(), new Resonator()};
    Resonator fric = new Resonator();
    fric.tune(4500 * formantScale, 800);
    double tiltState = 0;
    double phase = 0;
    double[] from = vowel(rng);
    int i = at;
    int syllables = 0;
    while (i < end) {
      int len = (int) ((0.14 + 0.12 * rng.nextDouble()) * RATE);
      double[] to = vowel(rng);
      boolean fricative = rng.nextDouble() < 0.35;
      double f0 = f0Hz * pitchFactor * (1.0 + 0.08 * (rng.nextDouble() - 0.5));
      for (int s = 0; s < len && i < end; s++, i++) {
        double t = (double) s / len;
        if (s % 80 == 0) { // formants glide from one vowel target to the next, retuned every 5 ms
          double u = Math.min(1.0, t * 1.5);
          for (int k = 0; k < 3; k++) {
            tract[k].tune((from[k] + u * (to[k] - from[k])) * formantScale, (60 + 40 * k) * bandwidthScale);
          }
          tract[3].tune(3500 * formantScale, 200 * bandwidthScale);
        }
        double env = Math.sin(Math.PI * t);
        double glide = 1.0 + 0.05 * (0.5 - t); // falling intonation within the syllable
        double jitter = 1.0 + 0.01 * rng.nextGaussian();
        phase += f0 * glide * jitter / RATE;
        double pulse = 0;
        if (phase >= 1.0) {
          phase -= 1.0;
          pulse = 1.0;
        }
        tiltState = 0.9 * tiltState + pulse; // glottal spectral tilt
        double y = tiltState + 0.05 * rng.nextGaussian(); // plus a little aspiration
        for (Resonator r : tract) {
          y = r.step(y);
        }
        double noise = 0;
        if (fricative && t < 0.3) {
          noise = fric.step(rng.nextGaussian()) * (1.0 - t / 0.3);
        }
        out[i] += (float) (gain * (0.01 * y * env + 0.005 * noise));
      }
      from = to;
      i += (int) ((0.02 + 0.05 * rng.nextDouble()) * RATE); // gap between syllables
      if (++syllables % 6 == 0) {
        i += (int) (0.3 * RATE); // phrase pause
      }
    }
    return Math.min(i, out.length);
  }

  /** A vowel target anywhere in the adult male vowel space: F1, F2, F3 in Hz. */
  private static double[] vowel(Random rng) {
    double[] v = VOWELS[rng.nextInt(VOWELS.length)];
    return new double[] {
      v[0] * (0.85 + 0.3 * rng.nextDouble()), v[1] * (0.85 + 0.3 * rng.nextDouble()), v[2] * (0.95 + 0.1 * rng.nextDouble())
    };
  }

  /** Two-pole resonator with unit gain at 0 Hz, as in Klatt's cascade synthesiser. */
  private static final class Resonator {
    private double a1;
    private double a2;
    private double g;
    private double y1;
    private double y2;

    void tune(double hz, double bw) {
      double r = Math.exp(-Math.PI * bw / RATE);
      double theta = 2 * Math.PI * hz / RATE;
      a1 = 2 * r * Math.cos(theta);
      a2 = -r * r;
      g = 1 - a1 - a2;
    }

    double step(double x) {
      double y = g * x + a1 * y1 + a2 * y2;
      y2 = y1;
      y1 = y;
      return y;
    }
  }
}
