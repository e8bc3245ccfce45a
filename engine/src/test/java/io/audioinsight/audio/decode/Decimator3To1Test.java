package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The folded 48 -> 16 kHz decimator against the polyphase table it folds: the same outputs up to float rounding, the
 * same frequency response, and the same samples whether the input comes whole or in blocks.
 */
class Decimator3To1Test {

  private static final int FROM = 48_000;
  private static final int TO = 16_000;

  @Test
  void theFortyEightKilohertzFilterIsFoldedAndNoOtherRatioIs() {
    assertThat(Resampler.filter(FROM, TO).decimation).isNotNull();
    for (int rate : new int[] {44_100, 32_000, 96_000, 22_050, 8_000, 47_999}) {
      assertThat(Resampler.filter(rate, TO).decimation).as("%d Hz", rate).isNull();
    }
  }

  @Test
  void foldedOutputsEqualThePolyphaseDotProductUpToFloatRounding() {
    float[] x = noise(FROM, 7);
    float[] y = Resampler.toRate(x, FROM, TO);
    double[] reference = referenceDecimation(x);

    assertThat(y).hasSize(reference.length);
    double worst = 0;
    for (int n = 0; n < y.length; n++) {
      worst = Math.max(worst, Math.abs(y[n] - reference[n]));
    }
    // the noise peaks near 1; float sums of 88 products round at a few 1e-7
    assertThat(worst).isLessThan(2e-6);
  }

  @Test
  void everyInputLengthAroundTheFilterLengthGivesThePolyphaseOutputs() {
    Random random = new Random(11);
    for (int length = 0; length <= 200; length++) {
      float[] x = new float[length];
      for (int i = 0; i < length; i++) {
        x[i] = (float) random.nextGaussian() * 0.3f;
      }
      float[] y = Resampler.toRate(x, FROM, TO);
      double[] reference = referenceDecimation(x);
      assertThat(y).as("length %d", length).hasSize(reference.length);
      for (int n = 0; n < y.length; n++) {
        assertThat((double) y[n]).as("length %d, output %d", length, n).isCloseTo(reference[n], within(1e-6));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 88, 960, 4_096, 20_000})
  void streamedInBlocksGivesExactlyTheWholeResampling(int block) {
    float[] x = noise(FROM, 3);
    float[] whole = Resampler.toRate(x, FROM, TO);

    StreamingResampler streaming = new StreamingResampler(FROM, TO);
    List<Float> out = new ArrayList<>();
    StreamingResampler.Output collect = (y, off, n) -> {
      for (int i = off; i < off + n; i++) {
        out.add(y[i]);
      }
    };
    for (int start = 0; start < x.length; start += block) {
      int n = Math.min(block, x.length - start);
      streaming.push(java.util.Arrays.copyOfRange(x, start, start + n), n, collect);
    }
    streaming.flush(collect);

    float[] streamed = new float[out.size()];
    for (int i = 0; i < streamed.length; i++) {
      streamed[i] = out.get(i);
    }
    assertThat(streamed).containsExactly(whole);
  }

  /**
   * The filter's response measured with tones, folded against the plain table: passband (50 Hz - 7 kHz) ripple and
   * stopband (9 - 24 kHz) attenuation. The fold must not change either; the stopband is the 60 dB the Kaiser window
   * is designed for, which keeps every alias at least 60 dB under what the speech analysis reads below 7 kHz.
   */
  @Test
  void foldingKeepsThePassbandFlatAndTheStopbandSixtyDecibelsDown() {
    double[] folded = response(true);
    double[] plain = response(false);

    for (int i = 0; i < TONES.length; i++) {
      assertThat(folded[i]).as("%d Hz", (int) TONES[i]).isCloseTo(plain[i], within(i < PASSBAND_TONES ? 0.001 : 0.5));
    }
    double ripple = 0;
    for (int i = 0; i < PASSBAND_TONES; i++) {
      ripple = Math.max(ripple, Math.abs(folded[i]));
    }
    double stopband = Double.NEGATIVE_INFINITY;
    for (int i = PASSBAND_TONES; i < TONES.length; i++) {
      stopband = Math.max(stopband, folded[i]);
    }
    assertThat(ripple).as("passband ripple, dB").isLessThan(0.02);
    assertThat(stopband).as("worst stopband gain, dB").isLessThan(-59);
  }

  private static final double[] TONES = {
    50, 300, 1000, 2000, 3000, 4000, 5000, 6000, 6500, 7000, // passband
    9000, 9500, 10000, 11000, 12000, 14000, 16000, 18000, 20000, 22000, 23900 // stopband
  };
  private static final int PASSBAND_TONES = 10;

  /** Gain in dB at each tone (output RMS against the input's, away from the edges). */
  private static double[] response(boolean folded) {
    double[] gains = new double[TONES.length];
    for (int i = 0; i < TONES.length; i++) {
      float[] x = TestWavs.tone(TONES[i], FROM, 0.5, 0.5);
      double out;
      if (folded) {
        out = rms(Resampler.toRate(x, FROM, TO));
      } else {
        double[] y = referenceDecimation(x);
        float[] yf = new float[y.length];
        for (int n = 0; n < y.length; n++) {
          yf[n] = (float) y[n];
        }
        out = rms(yf);
      }
      gains[i] = 20 * Math.log10(out / (0.5 / Math.sqrt(2)));
    }
    return gains;
  }

  /** RMS of the middle half of {@code y}, away from the filter's start-up and tail. */
  private static double rms(float[] y) {
    int from = y.length / 4;
    int to = y.length - y.length / 4;
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) y[i] * y[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** The unfolded filter, in double: output n = sum over the 88 taps of table[j] * x[3n - 43 + j], x zero outside. */
  private static double[] referenceDecimation(float[] x) {
    ResamplingFilter f = new ResamplingFilter(FROM, TO);
    int outputs = (x.length + 2) / 3;
    double[] y = new double[outputs];
    for (int n = 0; n < outputs; n++) {
      int first = 3 * n - (f.taps / 2 - 1);
      double s = 0;
      for (int j = 0; j < f.taps; j++) {
        int i = first + j;
        if (i >= 0 && i < x.length) {
          s += (double) f.table[j] * x[i];
        }
      }
      y[n] = s;
    }
    return y;
  }

  private static float[] noise(int rate, long seed) {
    Random random = new Random(seed);
    float[] x = new float[rate];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.max(-1, Math.min(1, random.nextGaussian() * 0.3));
    }
    return x;
  }
}
