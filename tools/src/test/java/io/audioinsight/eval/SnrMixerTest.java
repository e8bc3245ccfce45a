package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SnrMixerTest {

  private static final int RATE = 16_000;

  private static float[] speechWithPauses() {
    UtterancePool pool = UtterancePool.synthetic(1, 3, 11);
    float[] x = new float[8 * RATE];
    int at = RATE / 2;
    for (float[] u : pool.utterances(0)) {
      System.arraycopy(u, 0, x, at, Math.min(u.length, x.length - at));
      at += u.length + RATE;
    }
    return x;
  }

  @Test
  void scaledNoiseHitsTheTargetActiveSpeechSnrExactly() {
    float[] speech = speechWithPauses();
    float[][] noises = {Noise.white(speech.length, 1), Noise.pink(speech.length, RATE, 2),
        Noise.hum(speech.length, RATE, 60, 3), Noise.switching(speech.length, RATE, 4)};
    for (float[] noise : noises) {
      for (double target : new double[] {-5, 0, 5, 10, 15, 20, 30}) {
        float[] scaled = SnrMixer.scaled(noise, SnrMixer.noiseGain(speech, noise, RATE, target));
        assertThat(GroundTruth.snrDb(speech, scaled, RATE)).isCloseTo(target, within(1e-4));
      }
    }
  }

  @Test
  void globalSnrIsBelowActiveSnrWhenThereArePauses() {
    float[] speech = speechWithPauses();
    float[] noise = Noise.white(speech.length, 9);
    float[] scaled = SnrMixer.scaled(noise, SnrMixer.noiseGain(speech, noise, RATE, 10));
    double speechFraction = GroundTruth.totalSeconds(GroundTruth.speechSegments(speech, RATE)) * RATE / speech.length;
    assertThat(GroundTruth.globalSnrDb(speech, scaled, RATE)).isLessThan(10 + 10 * Math.log10(speechFraction) + 0.5);
  }
}
