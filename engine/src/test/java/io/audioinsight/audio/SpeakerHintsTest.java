package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpeakerHintsTest {

  @Test
  void withoutHintsTheRangeIsOneToUnbounded() {
    assertThat(SpeakerHints.NONE.lower()).isEqualTo(1);
    assertThat(SpeakerHints.NONE.upper()).isEqualTo(Integer.MAX_VALUE);
    assertThat(SpeakerHints.NONE.any()).isFalse();
  }

  @Test
  void numSpeakersFixesBothEnds() {
    SpeakerHints h = new SpeakerHints(3, 2, 4);
    assertThat(h.lower()).isEqualTo(3);
    assertThat(h.upper()).isEqualTo(3);
  }

  @Test
  void boundsAloneGiveTheRange() {
    assertThat(new SpeakerHints(0, 2, 0).lower()).isEqualTo(2);
    assertThat(new SpeakerHints(0, 0, 5).upper()).isEqualTo(5);
    assertThat(new SpeakerHints(0, 0, 5).lower()).isEqualTo(1);
  }

  @Test
  void contradictionsNameTheParameterToFix() {
    assertThatThrownBy(() -> new SpeakerHints(0, 3, 2))
        .isInstanceOfSatisfying(SpeakerHints.InvalidHintException.class,
            e -> assertThat(e.parameter()).isEqualTo("min_speakers"))
        .hasMessage("min_speakers (3) must be at most max_speakers (2)");
    assertThatThrownBy(() -> new SpeakerHints(5, 0, 4))
        .isInstanceOfSatisfying(SpeakerHints.InvalidHintException.class,
            e -> assertThat(e.parameter()).isEqualTo("num_speakers"));
    assertThatThrownBy(() -> new SpeakerHints(0, 0, 65))
        .hasMessage("max_speakers must be an integer between 1 and 64, got 65");
    assertThatThrownBy(() -> new SpeakerHints(-1, 0, 0))
        .hasMessage("num_speakers must be an integer between 1 and 64, got -1");
  }
}
