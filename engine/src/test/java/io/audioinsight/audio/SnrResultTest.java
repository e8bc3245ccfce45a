package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnrResultTest {

  private static SnrResult withSegments(Segment... segments) {
    return new SnrResult(10.0, 9.0, 0.5, List.of(segments), "dsp", 512, 0.5);
  }

  @Test
  void aSegmentEndingAfterTheReportedDurationIsCutAtIt() {
    // fuzz finding: 5766 samples at 22.05 kHz report 0.261 s, their 4184 samples at 16 kHz end at 0.262
    SnrResult r = withSegments(new Segment(0.0, 0.1), new Segment(0.15, 0.262)).endingBy(0.261);
    assertThat(r.speechSegments()).containsExactly(new Segment(0.0, 0.1), new Segment(0.15, 0.261));
    assertThat(r.snrDb()).isEqualTo(10.0);
    assertThat(r.speechRatio()).isEqualTo(0.5);
  }

  @Test
  void segmentsInsideTheDurationAreKeptAsTheyAre() {
    SnrResult r = withSegments(new Segment(0.0, 0.1), new Segment(0.15, 0.261));
    assertThat(r.endingBy(0.261)).isSameAs(r);
    assertThat(withSegments().endingBy(0.0).speechSegments()).isEmpty();
  }
}
