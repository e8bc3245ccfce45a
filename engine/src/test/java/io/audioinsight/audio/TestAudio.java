package io.audioinsight.audio;

import io.audioinsight.audio.fixtures.SyntheticSignals;
import java.util.List;

/** Shared synthetic scenes for engine tests: a speech-like signal with known utterance times. */
public final class TestAudio {

  public static final int RATE = 16_000;
  /** 20 s with five utterances and pauses from 0.3 to 1.5 s. */
  public static final double[][] UTTERANCES = {{1.0, 3.2}, {3.6, 6.0}, {7.5, 7.9}, {9.0, 14.0}, {14.3, 18.5}};
  public static final int LENGTH = 20 * RATE;

  private TestAudio() {}

  public static float[] speech() {
    return SyntheticSignals.speechLike(LENGTH, UTTERANCES, 7);
  }

  public static float[] speechInWhiteNoise(double snrDb, long seed) {
    return SyntheticSignals.mix(speech(), UTTERANCES, SyntheticSignals.whiteNoise(LENGTH, 1, seed), snrDb);
  }

  /** Mains hum: 50 Hz and harmonics to 1.5 kHz, odd ones stronger, amplitudes falling as 1/k. */
  public static float[] hum(int n, double rms) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = (double) i / RATE;
      double v = 0;
      for (int k = 1; k <= 30; k++) {
        v += (k % 2 == 1 ? 1.0 : 0.5) / k * Math.sin(2 * Math.PI * 50 * k * t + k);
      }
      x[i] = (float) v;
    }
    double g = rms / Math.sqrt(SyntheticSignals.power(x));
    for (int i = 0; i < n; i++) {
      x[i] *= (float) g;
    }
    return x;
  }

  /** Frame F1 of detected segments against the utterances on a 10 ms grid. */
  public static double frameF1(List<Segment> detected, double[][] truth, double durationS) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < Math.round(durationS * 100); i++) {
      double c = i / 100.0 + 0.005;
      boolean isSpeech = false;
      for (double[] u : truth) {
        isSpeech |= c >= u[0] && c < u[1];
      }
      boolean found = false;
      for (Segment s : detected) {
        found |= c >= s.start() && c < s.end();
      }
      if (isSpeech && found) {
        tp++;
      } else if (found) {
        fp++;
      } else if (isSpeech) {
        fn++;
      }
    }
    return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }
}
