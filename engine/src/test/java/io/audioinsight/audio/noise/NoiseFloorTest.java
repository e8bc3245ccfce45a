package io.audioinsight.audio.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.TestAudio;
import io.audioinsight.audio.fixtures.SyntheticSignals;
import org.junit.jupiter.api.Test;

class NoiseFloorTest {

  private static final int B = Spectrogram.BINS;

  /** Mean power over mean estimate for frames [from, to) and bins [3, 250). */
  private static double powerOverEstimate(float[] x, int from, int to) {
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    NoiseFloor n = NoiseFloor.track(s, Cancellation.NONE);
    double p = 0;
    double e = 0;
    for (int t = from; t < to; t++) {
      for (int k = 3; k < 250; k++) {
        p += s.power(t, k);
        e += n.psd(t, k);
      }
    }
    return p / e;
  }

  @Test
  void estimatesTheMeanPowerOfStationaryNoise() {
    int n = 30 * 16_000;
    assertThat(powerOverEstimate(SyntheticSignals.whiteNoise(n, 0.05, 1), 100, 2900)).isCloseTo(1.0, within(0.05));
    assertThat(powerOverEstimate(SyntheticSignals.pinkNoise(n, 0.05, 2), 100, 2900)).isCloseTo(1.0, within(0.05));
  }

  @Test
  void followsANoiseOnsetWithinAFewFrames() {
    int n = 10 * 16_000;
    float[] x = SyntheticSignals.whiteNoise(n, 0.05, 3);
    for (int i = 0; i < n / 2; i++) {
      x[i] = 0;
    }
    // the onset is at frame 500; 20 frames after it the estimate is within 2 dB of the noise
    assertThat(powerOverEstimate(x, 520, 540)).isBetween(0.63, 1.6);
  }

  @Test
  void followsANoiseDropWithinAFewFrames() {
    int n = 10 * 16_000;
    float[] loud = SyntheticSignals.whiteNoise(n, 0.1, 4);
    float[] quiet = SyntheticSignals.whiteNoise(n, 0.01, 5);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < n / 2 ? loud[i] : quiet[i];
    }
    assertThat(powerOverEstimate(x, 520, 540)).isBetween(0.63, 1.6);
  }

  @Test
  void learnsASteadyToneAsNoiseAtItsMeanPower() {
    int n = 10 * 16_000;
    float[] x = SyntheticSignals.add(TestAudio.hum(n, 0.1), SyntheticSignals.whiteNoise(n, 0.001, 6));
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    NoiseFloor floor = NoiseFloor.track(s, Cancellation.NONE);
    int bin = 5; // 150 Hz, the third harmonic
    double p = 0;
    double e = 0;
    for (int t = 100; t < 900; t++) {
      p += s.power(t, bin);
      e += floor.psd(t, bin);
    }
    assertThat(10 * Math.log10(e / p)).isCloseTo(0.0, within(1.0));
  }

  @Test
  void digitalSilenceGivesTheMinimumPsd() {
    NoiseFloor floor = NoiseFloor.track(Spectrogram.of(new float[16_000], Cancellation.NONE), Cancellation.NONE);
    for (float v : floor.psd()) {
      assertThat(v).isEqualTo(NoiseFloor.MIN_PSD);
    }
    assertThat(floor.psd()).hasSize(50 * B); // one row per pair of frames
  }

  @Test
  void emptyInputHasNoFrames() {
    NoiseFloor floor = NoiseFloor.track(Spectrogram.of(new float[0], Cancellation.NONE), Cancellation.NONE);
    assertThat(floor.frames()).isZero();
    assertThat(floor.psd()).isEmpty();
  }
}
