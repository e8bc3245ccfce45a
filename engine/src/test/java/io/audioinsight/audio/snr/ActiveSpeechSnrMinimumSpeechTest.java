package io.audioinsight.audio.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.noise.NoiseFloor;
import io.audioinsight.audio.vad.FrameGrid;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Under half a second of speech gives no SNR: what a VAD takes for so little speech in a noise-only file is a
 * burst of noise (a ring, a chord), and the speaker counters already call it no voice.
 */
class ActiveSpeechSnrMinimumSpeechTest {

  private static final int RATE = 16_000;

  private static ActiveSpeechSnr.Estimate estimate(double speechSeconds) {
    double[][] utterance = {{2.0, 2.0 + speechSeconds}};
    int n = 6 * RATE;
    float[] speech = SyntheticSignals.speechLike(n, utterance, 4);
    float[] x = SyntheticSignals.mix(speech, utterance, SyntheticSignals.whiteNoise(n, 1, 9), 15);
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    boolean[] speechFrames = FrameGrid.framesInside(List.of(new Segment(2.0, 2.0 + speechSeconds)), s.frames());
    return ActiveSpeechSnr.estimate(s, NoiseFloor.track(s, Cancellation.NONE), speechFrames, Cancellation.NONE);
  }

  @Test
  void underHalfASecondOfSpeechHasNoSnrNorGlobalSnrNorInterval() {
    ActiveSpeechSnr.Estimate e = estimate(0.40);
    assertThat(e.snrDb()).isNull();
    assertThat(e.globalSnrDb()).isNull();
    assertThat(e.lowDb()).isNull();
    assertThat(e.highDb()).isNull();
  }

  @Test
  void halfASecondOfSpeechOrMoreHasAnSnr() {
    assertThat(estimate(0.55).snrDb()).isNotNull();
    assertThat(estimate(0.80).snrDb()).isCloseTo(15.0, within(3.0));
  }
}
