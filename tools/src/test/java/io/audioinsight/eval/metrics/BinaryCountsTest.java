package io.audioinsight.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinaryCountsTest {

  @Test
  void countsAndF1OfAHandMadeExample() {
    boolean[] ref = {true, true, true, true, false, false, false, false};
    boolean[] hyp = {true, true, true, false, true, false, false, false};
    BinaryCounts c = BinaryCounts.of(ref, hyp);
    assertThat(c).isEqualTo(new BinaryCounts(3, 1, 1, 3));
    assertThat(c.f1()).isCloseTo(0.75, within(1e-12));
    assertThat(c.precision()).isCloseTo(0.75, within(1e-12));
    assertThat(c.recall()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void missingFramesOfTheShorterSideCountAsNegative() {
    BinaryCounts c = BinaryCounts.of(new boolean[] {true, true, true}, new boolean[] {true});
    assertThat(c).isEqualTo(new BinaryCounts(1, 0, 2, 0));
  }

  @Test
  void pooledCountsGiveTheMicroAveragedF1() {
    BinaryCounts a = new BinaryCounts(10, 0, 0, 0); // F1 1.0
    BinaryCounts b = new BinaryCounts(0, 0, 10, 0); // F1 0.0
    assertThat(a.plus(b).f1()).isCloseTo(20.0 / 30.0, within(1e-12));
  }

  @Test
  void f1IsUndefinedWithoutAnyPositive() {
    assertThat(BinaryCounts.of(new boolean[3], new boolean[3]).f1()).isNaN();
  }
}
