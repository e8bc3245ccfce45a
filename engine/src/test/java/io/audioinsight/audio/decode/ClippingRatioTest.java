package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Cancellation;
import org.junit.jupiter.api.Test;

class ClippingRatioTest {

  /** A 440 Hz tone at {@code drive} times full scale, cut at full scale: a clipped recording. */
  private static float[] clippedTone(int rate, double drive) {
    float[] x = new float[rate * 2];
    for (int i = 0; i < x.length; i++) {
      double v = drive * Math.sin(2 * Math.PI * 440 * i / rate);
      x[i] = (float) Math.max(-1, Math.min(1, v));
    }
    return x;
  }

  /** The share of a sine's period above 1/drive in magnitude. */
  private static double expectedRatio(double drive) {
    return 1 - 2 / Math.PI * Math.asin(1 / drive);
  }

  @Test
  void aToneDrivenSixDbPastFullScaleHasAThirdOfItsSamplesClipped() {
    DecodedSignal d = AudioDecoder.decode(TestWavs.pcm16(16_000, clippedTone(16_000, 2.0)), 60, Cancellation.NONE);
    assertThat(d.clippingRatio()).isCloseTo(expectedRatio(2.0), within(0.01));
  }

  @Test
  void clippingIsCountedAtTheSourceRateBeforeResamplingSmearsIt() {
    float[] tone = clippedTone(44_100, 1.4);
    byte[] wav = TestWavs.write(TestWavs.Format.PCM_16, 44_100, tone, tone);
    DecodedSignal d = AudioDecoder.decode(wav, 60, Cancellation.NONE);
    assertThat(d.clippingRatio()).isCloseTo(expectedRatio(1.4), within(0.01));
  }

  @Test
  void aTonePeakingJustBelowFullScaleHasNoClipping() {
    DecodedSignal d = AudioDecoder.decode(TestWavs.pcm16(16_000, clippedTone(16_000, 0.99)), 60, Cancellation.NONE);
    assertThat(d.clippingRatio()).isZero();
  }
}
