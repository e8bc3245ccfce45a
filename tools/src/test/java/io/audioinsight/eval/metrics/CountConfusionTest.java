package io.audioinsight.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CountConfusionTest {

  @Test
  void exactAccuracyMaeAndCellsOfAHandMadeExample() {
    CountConfusion c = CountConfusion.empty().plus(1, 1).plus(2, 2).plus(2, 3).plus(4, 2).plus(3, 9);
    assertThat(c.exactAccuracy()).isCloseTo(0.4, within(1e-12));
    assertThat(c.mae()).isCloseTo((0 + 0 + 1 + 2 + 6) / 5.0, within(1e-12));
    assertThat(c.count(2, 3)).isEqualTo(1);
    assertThat(c.count(4, 2)).isEqualTo(1);
    // Estimates past the last column share it, but the MAE above used the real 9.
    assertThat(c.count(3, CountConfusion.MAX_COLUMN)).isEqualTo(1);
  }

  @Test
  void addingDoesNotChangeTheOriginal() {
    CountConfusion a = CountConfusion.empty().plus(1, 1);
    a.plus(1, 2);
    assertThat(a.count(1, 2)).isZero();
    assertThat(a.files()).isEqualTo(1);
  }
}
