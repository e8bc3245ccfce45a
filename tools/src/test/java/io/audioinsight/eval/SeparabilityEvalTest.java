package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.SignalAnalyzer;
import io.audioinsight.audio.speakers.VoiceSeparability.PairScore;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.eval.SeparabilitySummary.FileScores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SeparabilityEvalTest {

  private final SignalAnalyzer signal = new SignalAnalyzer(new DspVad());

  @Test
  void aMultiVoiceCorpusFileGivesOneDifferentVoicePairPerTwoVoicesItsTurnsHold() throws Exception {
    Path dir = TinyCorpus.dir();
    ManifestEntry twoOrMore = TinyCorpus.entries().stream()
        .filter(e -> ManifestEntry.SET_SPEAKERS.equals(e.set()) && e.speakerCount() >= 2)
        .findFirst().orElseThrow();
    FileScores scores = SeparabilityEval.score(dir, twoOrMore, signal);
    int k = twoOrMore.speakerCount();
    assertThat(scores.voices()).isEqualTo(k);
    assertThat(scores.pairs()).hasSize(k * (k - 1) / 2).noneMatch(PairScore::sameVoice);
    assertThat(scores.pairs()).allSatisfy(p -> assertThat(p.deltaBic()).isFinite());
  }

  @Test
  void aOneVoiceCorpusFileGivesItsTwoHalvesAsOneSameVoicePair() throws Exception {
    Path dir = TinyCorpus.dir();
    ManifestEntry one = TinyCorpus.entries().stream()
        .filter(e -> ManifestEntry.SET_SPEAKERS.equals(e.set()) && e.speakerCount() == 1)
        .findFirst().orElseThrow();
    FileScores scores = SeparabilityEval.score(dir, one, signal);
    assertThat(scores.pairs()).hasSize(1).allMatch(PairScore::sameVoice);
  }
}
