package io.audioinsight.audio.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SnrIntervalTest {

  /** Blocks of 50 speech and 50 pause frames; speech excess per frame 10 (times speechScale[b]), pause power 1. */
  private static SnrInterval.Blocks blocks(double[] speechScale) {
    int n = speechScale.length;
    double[] speech = new double[n];
    int[] speechFrames = new int[n];
    double[] pauses = new double[n];
    int[] pauseFrames = new int[n];
    for (int b = 0; b < n; b++) {
      speech[b] = 50 * 10 * speechScale[b];
      speechFrames[b] = 50;
      pauses[b] = 50;
      pauseFrames[b] = 50;
    }
    return new SnrInterval.Blocks(speech, speechFrames, pauses, pauseFrames);
  }

  @Test
  void steadyBlocksGiveOnlyTheModelMargin() {
    double[] scale = new double[20];
    Arrays.fill(scale, 1.0);
    assertThat(SnrInterval.halfWidthDb(blocks(scale), 1.0, 1.0)).isCloseTo(SnrInterval.MODEL_ERROR_DB, within(1e-9));
  }

  @Test
  void speechLevelsThatVaryFromSecondToSecondWidenTheInterval() {
    double[] scale = new double[20];
    for (int b = 0; b < scale.length; b++) {
      scale[b] = b % 2 == 0 ? 0.3 : 1.7;
    }
    assertThat(SnrInterval.halfWidthDb(blocks(scale), 1.0, 1.0)).isGreaterThan(SnrInterval.MODEL_ERROR_DB + 1);
  }

  @Test
  void fewPausesWidenTheIntervalAndOneSecondOfAudioGetsTheWidest() {
    double[] scale = new double[20];
    Arrays.fill(scale, 1.0);
    assertThat(SnrInterval.halfWidthDb(blocks(scale), 0.5, 1.0))
        .isCloseTo(SnrInterval.MODEL_ERROR_DB + SnrInterval.FEW_PAUSES_DB / 2, within(1e-9));
    assertThat(SnrInterval.halfWidthDb(blocks(new double[] {1.0}), 1.0, 1.0)).isEqualTo(SnrInterval.MAX_HALF_WIDTH_DB);
  }

  @Test
  void confidenceFollowsTheHalfWidth() {
    assertThat(SnrInterval.confidence(8, 12)).isEqualTo("high");
    assertThat(SnrInterval.confidence(5, 15)).isEqualTo("medium");
    assertThat(SnrInterval.confidence(0, 20)).isEqualTo("low");
  }
}
