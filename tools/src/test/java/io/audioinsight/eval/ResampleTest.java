package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResampleTest {

  private static float[] tone(double hz, int rate, double seconds) {
    float[] x = new float[(int) (seconds * rate)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
    }
    return x;
  }

  /** RMS in dB of the middle half, away from the edge transients. */
  private static double middleLevelDb(float[] x) {
    return 10 * Math.log10(GroundTruth.meanPower(java.util.Arrays.copyOfRange(x, x.length / 4, 3 * x.length / 4)));
  }

  @Test
  void upsamplingKeepsAPassbandToneLevel() {
    float[] y = Resample.convert(tone(1000, 16_000, 1), 16_000, 44_100);
    assertThat(y.length).isEqualTo(44_100);
    assertThat(middleLevelDb(y)).isCloseTo(10 * Math.log10(0.5), within(0.1));
  }

  @Test
  void downsamplingSuppressesToneAboveTheNewNyquist() {
    float[] kept = Resample.convert(tone(1000, 16_000, 1), 16_000, 8_000);
    float[] aliased = Resample.convert(tone(5000, 16_000, 1), 16_000, 8_000);
    assertThat(middleLevelDb(kept)).isCloseTo(10 * Math.log10(0.5), within(0.1));
    assertThat(middleLevelDb(kept) - middleLevelDb(aliased)).isGreaterThan(50);
  }
}
