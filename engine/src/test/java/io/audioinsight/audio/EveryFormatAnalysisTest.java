package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.fixtures.FormatSamples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same speech in every format gets the same answer as the lossless FLAC: speech ratio within 0.03 and the
 * same speaker count. (Not the SNR: the clip is a clean synthetic voice, so its pauses hold only each encoder's
 * own noise floor, and MP3 and AAC move the active-speech SNR by about 3.5 dB.)
 */
class EveryFormatAnalysisTest {

  private static final Analyzer ANALYZER = Engines.dsp();

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void everyFormatGivesTheSpeechRatioAndSpeakerCountOfTheLosslessFile(FormatSamples sample) {
    AnalysisResult reference = analyze(FormatSamples.FLAC.bytes());
    AnalysisResult result = analyze(sample.bytes());

    assertThat(result.snr().speechRatio()).isCloseTo(reference.snr().speechRatio(), within(0.03));
    assertThat(result.speakers().speakerCount()).isEqualTo(reference.speakers().speakerCount()).isEqualTo(1);
    assertThat(result.format().codec()).isEqualTo(sample.codec);
  }

  private static AnalysisResult analyze(byte[] audio) {
    return ANALYZER.analyze(audio, AnalysisParams.defaults(Operation.ANALYZE, 600), Cancellation.NONE);
  }
}
