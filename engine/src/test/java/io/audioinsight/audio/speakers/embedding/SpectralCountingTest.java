package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.vad.DspVad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The embedding counter with the spectral rule, end to end on real voices it never trained on. */
class SpectralCountingTest {

  private static final SpeakerEmbeddingModel MODEL = SpeakerEmbeddingModel.fromClasspath();
  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer(new DspVad(),
      new EmbeddingSpeakerCounter(MODEL, MODEL.counting().withClustering(ClusteringRule.SPECTRAL)));
  private static final AnalysisParams PARAMS = AnalysisParams.defaults(Operation.SPEAKERS, 3_600);

  /** 8 s turns: at 4 s the spectral rule counts this pair of readers as one with run 5's weights. */
  private static final byte[] TWO_VOICES = RealVoices.wav(RealVoices.turns(8.0, 60, RealVoices.TUX_RU,
      RealVoices.TUX_ES));
  private static final byte[] ONE_VOICE_60S = RealVoices.wav(RealVoices.samples(RealVoices.JUNE));

  @AfterAll
  static void close() {
    MODEL.close();
  }

  private static SpeakerResult speakers(byte[] wav, SpeakerHints hints) {
    return ANALYZER.analyze(wav, PARAMS.withSpeakerHints(hints), Cancellation.NONE).speakers();
  }

  @Test
  void twoRealVoicesTakingTurnsAreCountedAsTwo() {
    SpeakerResult r = speakers(TWO_VOICES, SpeakerHints.NONE);
    assertThat(r.speakerCount()).isEqualTo(2);
    assertThat(r.speakerEngine()).isEqualTo("embedding");
    assertThat(r.speakerSegments()).extracting(SpeakerSegment::speaker).containsOnly(1, 2);
  }

  @Test
  void oneRealVoiceForSixtySecondsIsCountedAsOne() {
    assertThat(speakers(ONE_VOICE_60S, SpeakerHints.NONE).speakerCount()).isEqualTo(1);
  }

  @Test
  void hintsAreObeyed() {
    assertThat(speakers(ONE_VOICE_60S, new SpeakerHints(2, 0, 0)).speakerCount()).isEqualTo(2);
    assertThat(speakers(TWO_VOICES, new SpeakerHints(1, 0, 0)).speakerCount()).isEqualTo(1);
    assertThat(speakers(TWO_VOICES, new SpeakerHints(0, 3, 0)).speakerCount()).isEqualTo(3);
    assertThat(speakers(TWO_VOICES, new SpeakerHints(0, 0, 1)).speakerCount()).isEqualTo(1);
  }

  @Test
  void theSameInputGivesTheSameResult() {
    SpeakerResult first = speakers(TWO_VOICES, SpeakerHints.NONE);
    assertThat(speakers(TWO_VOICES, SpeakerHints.NONE)).isEqualTo(first);
  }
}
