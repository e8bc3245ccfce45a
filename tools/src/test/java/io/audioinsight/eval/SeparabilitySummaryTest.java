package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.speakers.VoiceSeparability.PairScore;
import io.audioinsight.eval.SeparabilitySummary.FileScores;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeparabilitySummaryTest {

  private static PairScore same(double deltaBic) {
    return new PairScore(true, deltaBic, 500);
  }

  private static PairScore different(double deltaBic) {
    return new PairScore(false, deltaBic, 500);
  }

  /** One voice at -700 and -450; two voices apart (+300); three voices with one pair at -200. */
  private final SeparabilitySummary summary = new SeparabilitySummary(List.of(
      new FileScores("a.wav", 1, List.of(same(-700))),
      new FileScores("b.wav", 1, List.of(same(-450))),
      new FileScores("c.wav", 2, List.of(different(300))),
      new FileScores("d.wav", 3, List.of(different(900), different(-200), different(50)))));

  @Test
  void errorsCountDifferentVoicesBelowAndOneVoiceAtOrAboveTheThreshold() {
    assertThat(summary.errors(0.0)).isEqualTo(1); // -200 would merge two voices
    assertThat(summary.errors(-450.0)).isEqualTo(1); // -450 now splits one voice
    assertThat(summary.errors(-300.0)).isZero();
    assertThat(summary.errors(1000.0)).isEqualTo(4);
  }

  @Test
  void theBestThresholdHasTheFewestErrorsAndIsTheOneNearestZeroAmongEquals() {
    double best = summary.bestThreshold();
    assertThat(summary.errors(best)).isZero();
    // every threshold in (-450, -200] has no errors; the one nearest 0 is -200
    assertThat(best).isEqualTo(-200.0);
  }

  @Test
  void multiVoiceFilesAreApartWhenEveryPairIsAtOrAboveTheThreshold() {
    assertThat(summary.multiVoiceFiles()).isEqualTo(2);
    assertThat(summary.multiVoiceFilesApart(0.0)).isEqualTo(1);
    assertThat(summary.multiVoiceFilesApart(-200.0)).isEqualTo(2);
    assertThat(summary.samePairs()).isEqualTo(2);
    assertThat(summary.differentPairs()).isEqualTo(4);
  }

  @Test
  void theReportNamesBothThresholdsAndTheFileCounts() {
    assertThat(summary.render("corpus x"))
        .contains("corpus x")
        .contains("pairs: 4 of different voices, 2 of one voice")
        .contains("wrong at the stopping rule's threshold 0: 1; at the best threshold -200: 0")
        .contains("1 of 2 at 0, 2 at -200");
  }

  @Test
  void anEmptyCorpusHasNoErrorsAndThresholdZero() {
    SeparabilitySummary empty = new SeparabilitySummary(List.of());
    assertThat(empty.bestThreshold()).isZero();
    assertThat(empty.errors(0.0)).isZero();
    assertThat(empty.multiVoiceFiles()).isZero();
  }
}
