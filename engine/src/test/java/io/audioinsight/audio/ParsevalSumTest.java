package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ParsevalSumTest {

  @Test
  void sumsTheMiddleBinsAndHalfOfDcAndNyquist() {
    int b = Spectrogram.BINS;
    float[] rows = new float[3 * b];
    java.util.Arrays.fill(rows, b, 2 * b, 1f); // row 1: all ones
    assertThat(ParsevalSum.of(rows, b)).isEqualTo(b - 1f); // 255 middle bins + two halves
    assertThat(ParsevalSum.of(rows, 0)).isZero();
  }

  @Test
  void agreesWithTheSequentialSumToFloatRounding() {
    int b = Spectrogram.BINS;
    Random random = new Random(5);
    float[] row = new float[b];
    for (int k = 0; k < b; k++) {
      row[k] = (float) Math.exp(10 * random.nextGaussian()) * 1e-6f;
    }
    double exact = 0.5 * (row[0] + row[b - 1]);
    for (int k = 1; k < b - 1; k++) {
      exact += row[k];
    }
    assertThat((double) ParsevalSum.of(row, 0)).isCloseTo(exact, within(exact * 1e-6));
  }
}
