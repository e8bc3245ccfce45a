package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerResultTest {

  @Test
  void aSegmentEndingAfterTheReportedDurationIsCutAtItAndTheCountStays() {
    SpeakerResult r = new SpeakerResult(2, List.of(
        new SpeakerSegment(0.0, 1.5, 1), new SpeakerSegment(1.8, 3.001, 2))).endingBy(3.0);
    assertThat(r.speakerSegments())
        .containsExactly(new SpeakerSegment(0.0, 1.5, 1), new SpeakerSegment(1.8, 3.0, 2));
    assertThat(r.speakerCount()).isEqualTo(2);
  }

  @Test
  void segmentsInsideTheDurationAreKeptAsTheyAre() {
    SpeakerResult r = new SpeakerResult(1, List.of(new SpeakerSegment(0.2, 3.0, 1)));
    assertThat(r.endingBy(3.0)).isSameAs(r);
    assertThat(new SpeakerResult(0, List.of()).endingBy(0.0).speakerSegments()).isEmpty();
  }
}
