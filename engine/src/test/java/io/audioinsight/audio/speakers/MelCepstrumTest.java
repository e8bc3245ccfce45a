package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MelCepstrumTest {

  @Test
  void fastLogMatchesMathLogAcrossTheRangeOfBandEnergies() {
    for (double v = 1e-10; v < 1e6; v *= 1.37) {
      assertThat((double) MelCepstrum.fastLog((float) v)).isCloseTo(Math.log((float) v), within(2e-5));
    }
  }
}
