package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.decode.TestWavs;
import io.audioinsight.audio.vad.DspVad;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The speaker stage as the facade runs it: decoded WAV, shared spectrogram, the DSP VAD's speech frames. */
class SpeakersInAnalyzerTest {

  private final AudioAnalyzer analyzer = new AudioAnalyzer(new DspVad());

  /** Two synthetic voices taking six turns, over a faint noise floor. */
  private static byte[] twoVoices() {
    return TwoVoiceClip.wav();
  }

  private static AnalysisParams params(Operation op) {
    return AnalysisParams.defaults(op, 600);
  }

  @Test
  void analyzeReturnsBothTheSnrAndTheSpeakers() {
    AnalysisResult r = analyzer.analyze(twoVoices(), params(Operation.ANALYZE), Cancellation.NONE);
    assertThat(r.snr()).isNotNull();
    assertThat(r.speakers().speakerCount()).isEqualTo(2);
    assertThat(r.speakers().speakerSegments()).isNotEmpty();
    assertThat(r.timings().speakersMs()).isPositive();
  }

  @Test
  void speakerCountRunsVoiceActivityAndSpeakersButNoSnr() {
    AnalysisResult r = analyzer.analyze(twoVoices(), params(Operation.SPEAKERS), Cancellation.NONE);
    assertThat(r.snr()).isNull();
    assertThat(r.timings().snrMs()).isZero();
    assertThat(r.timings().vadMs()).isPositive();
    assertThat(r.speakers().speakerCount()).isEqualTo(2);
  }

  @Test
  void snrOperationDoesNotCountSpeakers() {
    AnalysisResult r = analyzer.analyze(twoVoices(), params(Operation.SNR), Cancellation.NONE);
    assertThat(r.speakers()).isNull();
    assertThat(r.timings().speakersMs()).isZero();
  }

  @Test
  void silenceAndNoiseHaveNoSpeakers() {
    float[] noise = new float[10 * SyntheticVoice.RATE];
    Random rng = new Random(22);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (0.02 * rng.nextGaussian());
    }
    for (float[] x : new float[][] {new float[10 * SyntheticVoice.RATE], noise}) {
      AnalysisResult r = analyzer.analyze(TestWavs.pcm16(SyntheticVoice.RATE, x), params(Operation.ANALYZE),
          Cancellation.NONE);
      assertThat(r.speakers().speakerCount()).isZero();
      assertThat(r.speakers().speakerSegments()).isEmpty();
    }
  }
}
