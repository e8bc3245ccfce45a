package io.audioinsight.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SpeakerSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameGridTest {

  @Test
  void aSegmentCoversTheFramesWhoseCentresItContains() {
    // Centres at 5, 15, 25, 35, 45 ms; [12 ms, 36 ms) holds 15, 25 and 35.
    boolean[] grid = FrameGrid.activity(List.of(new Segment(0.012, 0.036)), 0.05, 0.010);
    assertThat(grid).containsExactly(false, true, true, true, false);
  }

  @Test
  void framesCoverEveryStartedStep() {
    assertThat(FrameGrid.frames(0.05, 0.01)).isEqualTo(5);
    assertThat(FrameGrid.frames(0.051, 0.01)).isEqualTo(6);
    assertThat(FrameGrid.frames(0, 0.01)).isZero();
  }

  @Test
  void segmentsPastTheEndAreClamped() {
    boolean[] grid = FrameGrid.activity(List.of(new Segment(0.03, 9.0)), 0.05, 0.010);
    assertThat(grid).containsExactly(false, false, false, true, true);
  }

  @Test
  void overlappingSpeakersSetOneBitEach() {
    long[] grid = FrameGrid.speakers(
        List.of(new SpeakerSegment(0.0, 0.03, 1), new SpeakerSegment(0.02, 0.05, 3)), 0.05, 0.010);
    assertThat(grid).containsExactly(1L, 1L, 1L | 4L, 4L, 4L);
  }
}
