package io.audioinsight.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Segment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpeechSegmenterTest {

  private static final int HOP = 160; // 10 ms blocks make the arithmetic readable

  /** Probabilities of {@code blocks} blocks: {@code value} inside the given block ranges, 0 elsewhere. */
  private static float[] probabilities(int blocks, float value, int... fromTo) {
    float[] p = new float[blocks];
    for (int i = 0; i < fromTo.length; i += 2) {
      Arrays.fill(p, fromTo[i], fromTo[i + 1], value);
    }
    return p;
  }

  @Test
  void segmentStartsAtTheThresholdAndEndsBelowTheLowerOne() {
    float[] p = probabilities(300, 0.9f, 100, 200);
    // a dip to 0.4 stays speech (above 0.5 - 0.15); a later drop to 0.3 ends it
    Arrays.fill(p, 140, 150, 0.4f);
    Arrays.fill(p, 200, 300, 0.3f);
    SpeechActivity a = SpeechSegmenter.segment(p, HOP, 300 * HOP, 0.5);
    assertThat(a.segments()).containsExactly(new Segment(1.0, 2.0));
  }

  @Test
  void bridgesShortPausesAndKeepsLongOnes() {
    float[] p = probabilities(600, 0.9f, 50, 150, 160, 250, 300, 400);
    SpeechActivity a = SpeechSegmenter.segment(p, HOP, 600 * HOP, 0.5);
    // the 100 ms pause is bridged, the 500 ms one is not
    assertThat(a.segments()).containsExactly(new Segment(0.5, 2.5), new Segment(3.0, 4.0));
    assertThat(a.speechRatio()).isCloseTo(3.0 / 6.0, within(1e-9));
  }

  @Test
  void dropsBurstsShorterThanTheMinimumSpeech() {
    float[] p = probabilities(400, 0.9f, 50, 55, 200, 300);
    SpeechActivity a = SpeechSegmenter.segment(p, HOP, 400 * HOP, 0.5);
    assertThat(a.segments()).containsExactly(new Segment(2.0, 3.0));
  }

  @Test
  void speechRunningToTheEndEndsAtTheDurationNotTheBlockEdge() {
    int samples = 100 * HOP + 37;
    float[] p = probabilities(101, 0.9f, 50, 101);
    SpeechActivity a = SpeechSegmenter.segment(p, HOP, samples, 0.5);
    assertThat(a.segments()).containsExactly(new Segment(0.5, 1.002));
    assertThat(a.speechRatio()).isCloseTo((samples / 16_000.0 - 0.5) / (samples / 16_000.0), within(1e-9));
  }

  @Test
  void thresholdIsTheCallers() {
    float[] p = probabilities(300, 0.6f, 100, 200);
    assertThat(SpeechSegmenter.segment(p, HOP, 300 * HOP, 0.5).segments()).hasSize(1);
    assertThat(SpeechSegmenter.segment(p, HOP, 300 * HOP, 0.7).segments()).isEmpty();
  }

  @Test
  void noSpeechAndNoAudioGiveNoSegments() {
    assertThat(SpeechSegmenter.segment(new float[100], HOP, 100 * HOP, 0.5).segments()).isEmpty();
    SpeechActivity empty = SpeechSegmenter.segment(new float[0], HOP, 0, 0.5);
    assertThat(empty.segments()).isEmpty();
    assertThat(empty.speechRatio()).isZero();
  }
}
