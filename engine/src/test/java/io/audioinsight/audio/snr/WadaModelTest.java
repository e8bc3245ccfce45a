package io.audioinsight.audio.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WadaModelTest {

  @Test
  void closedFormEndsHaveTheKnownValues() {
    // (1/2) ln(2/pi) + (gamma + ln 2)/2 and ln 0.4 - digamma(0.4)
    assertThat(WadaModel.gNoiseOnly()).isCloseTo(0.40939, within(1e-5));
    assertThat(WadaModel.gSpeechOnly()).isCloseTo(1.64509, within(1e-5));
  }

  @Test
  void digammaMatchesKnownValues() {
    assertThat(WadaModel.digamma(1.0)).isCloseTo(-0.5772156649015329, within(1e-12));
    assertThat(WadaModel.digamma(0.5)).isCloseTo(-1.9635100260214235, within(1e-12));
    assertThat(WadaModel.digamma(0.4)).isCloseTo(-2.5613845445851160, within(1e-12));
  }

  @Test
  void erfMatchesKnownValues() {
    assertThat(WadaModel.erf(0.5)).isCloseTo(0.5204998778130465, within(1e-14));
    assertThat(WadaModel.erf(2.0)).isCloseTo(0.9953222650189527, within(1e-14));
    assertThat(WadaModel.erf(3.5)).isCloseTo(0.9999992569016276, within(1e-14));
    assertThat(WadaModel.erf(-1.0)).isCloseTo(-0.8427007929497149, within(1e-14));
  }

  @Test
  void shiftedGaussianExpectationsMatchTheirLimits() {
    // mean 0: E|n| = sigma sqrt(2/pi), E ln|n| = ln sigma - (gamma + ln 2)/2
    assertThat(WadaModel.meanAbsShiftedGaussian(0, 2)).isCloseTo(2 * Math.sqrt(2 / Math.PI), within(1e-12));
    assertThat(WadaModel.meanLogAbsShiftedGaussian(0, 2))
        .isCloseTo(Math.log(2) - (0.5772156649015329 + Math.log(2)) / 2, within(1e-12));
    // the Poisson series and the asymptotic series agree where they meet (lambda = 400)
    double series = WadaModel.meanLogAbsShiftedGaussian(19.99, 1);
    double asymptotic = WadaModel.meanLogAbsShiftedGaussian(20.01, 1);
    assertThat(series).isCloseTo(asymptotic, within(2e-3));
    assertThat(WadaModel.meanLogAbsShiftedGaussian(200, 1)).isCloseTo(Math.log(200), within(1e-4));
  }

  @Test
  void integratorReachesTheNoiseOnlyEnd() {
    assertThat(WadaModel.g(-60)).isCloseTo(WadaModel.gNoiseOnly(), within(1e-9));
  }

  @Test
  void integratorReachesTheSpeechOnlyEnd() {
    // G approaches its limit slowly (P(|s| < sigma) ~ sigma^0.4), so go far out
    assertThat(WadaModel.g(400)).isCloseTo(WadaModel.gSpeechOnly(), within(1e-5));
  }

  @Test
  void tableRisesMonotonicallyBetweenTheEnds() {
    double[] table = WadaModel.table();
    for (int i = 1; i < table.length; i++) {
      assertThat(table[i]).isGreaterThan(table[i - 1]);
    }
    assertThat(table[0]).isGreaterThan(WadaModel.gNoiseOnly());
    assertThat(table[table.length - 1]).isLessThan(WadaModel.gSpeechOnly());
  }

  @Test
  void inversionRecoversTheSnr() {
    for (double db : new double[] {-12.3, -5, 0, 7.7, 15, 30, 55}) {
      assertThat(WadaModel.snrDbForG(WadaModel.g(db))).isCloseTo(db, within(0.02));
    }
    assertThat(WadaModel.snrDbForG(0.2)).isEqualTo(WadaModel.MIN_DB);
    assertThat(WadaModel.snrDbForG(1.7)).isEqualTo(WadaModel.MAX_DB);
  }
}
