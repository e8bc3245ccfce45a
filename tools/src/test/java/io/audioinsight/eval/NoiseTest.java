package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

class NoiseTest {

  private static final int RATE = 16_000;
  private static final int N = 1 << 18;

  /** Mean periodogram power density of {@code x} between {@code lowHz} and {@code highHz}, in dB. */
  private static double bandDensityDb(float[] x, double lowHz, double highHz) {
    double[] a = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      a[i] = x[i];
    }
    new DoubleFFT_1D(a.length).realForward(a);
    double sum = 0;
    int count = 0;
    for (int k = 1; k < a.length / 2; k++) {
      double hz = (double) k * RATE / a.length;
      if (hz >= lowHz && hz < highHz) {
        sum += a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
        count++;
      }
    }
    return 10 * Math.log10(sum / count);
  }

  private static double slopeDbPerOctave(float[] x) {
    // 250-500 Hz against 2-4 kHz: three octaves apart.
    return (bandDensityDb(x, 2000, 4000) - bandDensityDb(x, 250, 500)) / 3;
  }

  @Test
  void whiteNoiseIsFlat() {
    assertThat(slopeDbPerOctave(Noise.white(N, 1))).isCloseTo(0.0, within(0.3));
  }

  @Test
  void pinkNoiseFallsThreeDbPerOctave() {
    assertThat(slopeDbPerOctave(Noise.pink(N, RATE, 2))).isCloseTo(-3.01, within(0.3));
  }

  @Test
  void brownNoiseFallsSixDbPerOctave() {
    assertThat(slopeDbPerOctave(Noise.brown(N, RATE, 3))).isCloseTo(-6.02, within(0.3));
  }

  @Test
  void everyGeneratorGivesUnitRms() {
    for (float[] x : new float[][] {Noise.white(RATE, 1), Noise.pink(RATE, RATE, 1), Noise.brown(RATE, RATE, 1),
        Noise.hum(RATE, RATE, 50, 1), Noise.switching(RATE, RATE, 1)}) {
      assertThat(GroundTruth.meanPower(x)).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void sameSeedGivesSameNoiseAndAnotherSeedDoesNot() {
    assertThat(Noise.pink(4000, RATE, 7)).containsExactly(Noise.pink(4000, RATE, 7));
    assertThat(Noise.pink(4000, RATE, 7)).isNotEqualTo(Noise.pink(4000, RATE, 8));
    assertThat(Noise.switching(4000, RATE, 7)).containsExactly(Noise.switching(4000, RATE, 7));
  }

  @Test
  void humHasItsPowerAtTheMainsHarmonics() {
    float[] hum = Noise.hum(N, RATE, 50, 4);
    double atFundamental = bandDensityDb(hum, 49, 51);
    double between = bandDensityDb(hum, 70, 80);
    double atThird = bandDensityDb(hum, 149, 151);
    // The periodogram's leakage, not the hum, sets the floor between harmonics.
    assertThat(atFundamental - between).isGreaterThan(40);
    assertThat(atThird - between).isGreaterThan(35);
  }

  @Test
  void switchingNoiseChangesLevelBySeveralDecibelsOverTime() {
    float[] x = Noise.switching(20 * RATE, RATE, 5);
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int w = 0; w + RATE / 10 <= x.length; w += RATE / 10) {
      double p = GroundTruth.meanPower(java.util.Arrays.copyOfRange(x, w, w + RATE / 10));
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
    assertThat(10 * Math.log10(max / min)).isGreaterThan(12);
  }
}
