package io.audioinsight.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.TestAudio;
import io.audioinsight.audio.fixtures.SyntheticSignals;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DspVadTest {

  private final DspVad vad = new DspVad();

  private float[] probabilities(float[] x, int hop) {
    return vad.speechProbabilities(x, Spectrogram.of(x, Cancellation.NONE), hop, Cancellation.NONE);
  }

  private SpeechActivity activity(float[] x) {
    return SpeechSegmenter.segment(probabilities(x, 512), 512, x.length, 0.5);
  }

  @ParameterizedTest
  @ValueSource(ints = {160, 512, 1000, 16_000})
  void reportsOneProbabilityPerStartedBlockOfTheCallersHop(int hop) {
    float[] x = TestAudio.speechInWhiteNoise(10, 1);
    float[] p = probabilities(x, hop);
    assertThat(p).hasSize((x.length + hop - 1) / hop);
    for (float v : p) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  @Test
  void segmentsMatchTheKnownOnAndOffTimes() {
    List<Segment> segments = activity(TestAudio.speechInWhiteNoise(10, 2)).segments();
    assertThat(segments).hasSize(TestAudio.UTTERANCES.length);
    for (int i = 0; i < segments.size(); i++) {
      assertThat(segments.get(i).start()).isCloseTo(TestAudio.UTTERANCES[i][0], within(0.07));
      assertThat(segments.get(i).end()).isCloseTo(TestAudio.UTTERANCES[i][1], within(0.07));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 5, 10, 20, 30})
  void findsSpeechInWhiteNoise(double snrDb) {
    SpeechActivity a = activity(TestAudio.speechInWhiteNoise(snrDb, 3));
    assertThat(TestAudio.frameF1(a.segments(), TestAudio.UTTERANCES, 20)).isGreaterThan(snrDb < 10 ? 0.9 : 0.97);
  }

  @Test
  void findsSpeechInPinkNoiseAndInHum() {
    float[] speech = TestAudio.speech();
    float[] pink = SyntheticSignals.mix(
        speech, TestAudio.UTTERANCES, SyntheticSignals.pinkNoise(TestAudio.LENGTH, 1, 4), 5);
    float[] hum = SyntheticSignals.mix(speech, TestAudio.UTTERANCES, TestAudio.hum(TestAudio.LENGTH, 1), 0);
    assertThat(TestAudio.frameF1(activity(pink).segments(), TestAudio.UTTERANCES, 20)).isGreaterThan(0.95);
    assertThat(TestAudio.frameF1(activity(hum).segments(), TestAudio.UTTERANCES, 20)).isGreaterThan(0.97);
  }

  @Test
  void dcOffsetAndClippingDoNotHideSpeech() {
    float[] x = TestAudio.speechInWhiteNoise(15, 5);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.max(-0.2f, Math.min(0.2f, 2 * x[i])) + 0.25f;
    }
    assertThat(TestAudio.frameF1(activity(x).segments(), TestAudio.UTTERANCES, 20)).isGreaterThan(0.97);
  }

  @Test
  void quietBackgroundTalkInThePausesIsNotSpeech() {
    // the "noise" is other speech-like talk (different seed, continuous), 25 dB below the foreground
    double[][] all = {{0.0, 20.0}};
    float[] background = SyntheticSignals.speechLike(TestAudio.LENGTH, all, 99);
    float[] x = SyntheticSignals.mix(TestAudio.speech(), TestAudio.UTTERANCES, background, 25);
    assertThat(TestAudio.frameF1(activity(x).segments(), TestAudio.UTTERANCES, 20)).isGreaterThan(0.95);
  }

  @Test
  void digitalSilenceHasProbabilityZero() {
    for (float v : probabilities(new float[TestAudio.LENGTH], 512)) {
      assertThat(v).isLessThan(0.01f);
    }
  }

  @Test
  void noiseAloneIsNotSpeech() {
    int n = TestAudio.LENGTH;
    float[] onset = SyntheticSignals.whiteNoise(n, 0.05, 8);
    for (int i = 0; i < n / 2; i++) {
      onset[i] = 0;
    }
    for (float[] noise : List.of(
        SyntheticSignals.whiteNoise(n, 0.05, 6), SyntheticSignals.pinkNoise(n, 0.05, 7), TestAudio.hum(n, 0.05), onset)) {
      assertThat(activity(noise).speechRatio()).isLessThan(0.05);
    }
  }

  @Test
  void emptyAndVeryShortSignalsWork() {
    assertThat(probabilities(new float[0], 512)).isEmpty();
    assertThat(probabilities(SyntheticSignals.whiteNoise(100, 0.1, 9), 512)).hasSize(1);
  }
}
