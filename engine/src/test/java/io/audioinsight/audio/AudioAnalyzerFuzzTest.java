package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.audioinsight.audio.vad.DspVad;

/**
 * Jazzer fuzz test of the whole SNR analysis (decode, resample, spectrogram, noise floor, VAD, segmentation,
 * active-speech and WADA SNR): for any bytes it either returns a sane result or throws
 * {@link AudioFormatException}; anything else is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs in
 * {@code src/test/resources/io/audioinsight/audio/AudioAnalyzerFuzzTestInputs/<method>/} (seed WAVs written by
 * {@link AudioAnalyzerFuzzSeeds}, plus past findings). Fuzz for real with
 * {@code scripts/fuzz.sh MINUTES AudioAnalyzerFuzzTest analyzeReturnsSaneResultOrThrowsAudioFormatException}.
 */
class AudioAnalyzerFuzzTest {

  /** Short, so that a header claiming hours is rejected and one input never runs long. */
  static final double MAX_SECONDS = 5;

  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer(new DspVad());
  private static final AnalysisParams PARAMS = AnalysisParams.defaults(Operation.SNR, MAX_SECONDS);

  @FuzzTest(maxDuration = "5m")
  void analyzeReturnsSaneResultOrThrowsAudioFormatException(byte[] input) {
    AnalysisResult result;
    try {
      result = ANALYZER.analyze(input, PARAMS, Cancellation.NONE);
    } catch (AudioFormatException expected) {
      assertThat(expected.kind()).isNotNull();
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertSane(result, PARAMS);
  }

  /** The invariants of every successful SNR analysis. */
  static void assertSane(AnalysisResult result, AnalysisParams params) {
    double duration = result.durationS();
    assertThat(duration).isBetween(0.0, params.maxAudioSeconds() + 0.0005);
    assertThat(result.sampleRate()).isBetween(8_000, 192_000);
    assertThat(result.channels()).isBetween(1, 32);
    assertThat(result.speakers()).isNull();

    SnrResult snr = result.snr();
    assertThat(snr).isNotNull();
    assertThat(snr.speechRatio()).isBetween(0.0, 1.0);
    if (snr.snrDb() != null) {
      assertThat(snr.snrDb()).isFinite().isLessThanOrEqualTo(100.0);
    }
    if (snr.globalSnrDb() != null) {
      assertThat(snr.globalSnrDb()).isFinite();
    }
    if (snr.speechSegments().isEmpty()) {
      assertThat(snr.snrDb()).isNull();
      assertThat(snr.speechRatio()).isZero();
    }
    assertThat(snr.vadHopSize()).isEqualTo(params.vadHopSize());
    assertThat(snr.vadThreshold()).isEqualTo(params.vadThreshold());
    assertThat(snr.vadEngine()).isNotBlank();

    double previousEnd = 0;
    double speech = 0;
    for (Segment s : snr.speechSegments()) {
      assertThat(s.start()).isFinite().isGreaterThanOrEqualTo(previousEnd);
      assertThat(s.end()).isFinite().isGreaterThan(s.start()).isLessThanOrEqualTo(duration + 0.0005);
      previousEnd = s.end();
      speech += s.duration();
    }
    if (duration > 0) {
      assertThat(snr.speechRatio()).isCloseTo(speech / duration, org.assertj.core.api.Assertions.within(0.01));
    }

    StageTimings t = result.timings();
    for (double ms : new double[] {t.decodeMs(), t.spectrogramMs(), t.vadMs(), t.snrMs(), t.speakersMs()}) {
      assertThat(ms).isFinite().isGreaterThanOrEqualTo(0.0);
    }
  }
}
