package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WavIoTest {

  private static float[] ramp(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.9 * Math.sin(i * 0.01));
    }
    return x;
  }

  @Test
  void everyEncodingReadsBackWithinItsQuantisationStep() {
    float[] x = ramp(1000);
    double[] step = {1 / 32768.0, 1 / 8_388_608.0, 0};
    WavIo.Encoding[] encodings = WavIo.Encoding.values();
    for (int e = 0; e < encodings.length; e++) {
      WavIo.Audio a = WavIo.read(WavIo.write(x, 22_050, encodings[e]));
      assertThat(a.sampleRate()).isEqualTo(22_050);
      assertThat(a.samples()).hasSize(1000);
      for (int i = 0; i < x.length; i++) {
        assertThat((double) a.samples()[i]).isCloseTo(x[i], within(step[e] + 1e-7));
      }
    }
  }

  @Test
  void stereoIsAveragedToMono() {
    float[] left = ramp(100);
    float[] right = SnrMixer.scaled(left, 0.5);
    WavIo.Audio a = WavIo.read(WavIo.write(new float[][] {left, right}, 44_100, WavIo.Encoding.FLOAT32));
    assertThat(a.channels()).isEqualTo(2);
    assertThat((double) a.samples()[50]).isCloseTo(0.75 * left[50], within(1e-6));
  }

  @Test
  void pcmClipsAtFullScale() {
    WavIo.Audio a = WavIo.read(WavIo.write(new float[] {2f, -2f}, 16_000, WavIo.Encoding.PCM16));
    assertThat((double) a.samples()[0]).isCloseTo(32767 / 32768.0, within(1e-9));
    assertThat((double) a.samples()[1]).isCloseTo(-1.0, within(1e-9));
  }
}
