package io.audioinsight.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErrorStatsTest {

  @Test
  void maeBiasAndCoverageOfAHandMadeExample() {
    ErrorStats s = ErrorStats.EMPTY.plus(10.0, 12.0).plus(0.0, -1.0).plus(5.0, null).plus(null, 3.0);
    assertThat(s.files()).isEqualTo(3);
    assertThat(s.mae()).isCloseTo(1.5, within(1e-12));
    assertThat(s.bias()).isCloseTo(0.5, within(1e-12));
    assertThat(s.coverage()).isCloseTo(2.0 / 3.0, within(1e-12));
  }

  @Test
  void groupsAddUp() {
    ErrorStats a = ErrorStats.EMPTY.plus(0.0, 2.0);
    ErrorStats b = ErrorStats.EMPTY.plus(0.0, -4.0).plus(1.0, null);
    ErrorStats s = a.plus(b);
    assertThat(s.mae()).isCloseTo(3.0, within(1e-12));
    assertThat(s.bias()).isCloseTo(-1.0, within(1e-12));
    assertThat(s.coverage()).isCloseTo(2.0 / 3.0, within(1e-12));
  }

  @Test
  void noEstimateGivesNaNErrorsAndZeroCoverage() {
    ErrorStats s = ErrorStats.EMPTY.plus(1.0, null);
    assertThat(s.mae()).isNaN();
    assertThat(s.coverage()).isZero();
  }
}
