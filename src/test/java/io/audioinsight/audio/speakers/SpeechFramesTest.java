package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechFramesTest {

  @Test
  void segmentsMarkTheTenMillisecondFramesThatStartInsideThem() {
    boolean[] m = SpeechFrames.fromSegments(List.of(new Segment(0.02, 0.05), new Segment(0.085, 0.1)), 12);
    // frames start at 0, 10, 20, ... ms: 20, 30, 40 ms are in [20, 50); 90 ms is in [85, 100)
    assertThat(m).containsExactly(false, false, true, true, true, false, false, false, false, true, false, false);
  }

  @Test
  void segmentsBeyondTheLastFrameAreClipped() {
    boolean[] m = SpeechFrames.fromSegments(List.of(new Segment(0.03, 10.0)), 5);
    assertThat(m).containsExactly(false, false, false, true, true);
  }

  @Test
  void vadBlocksMapOntoTheFramesTheyCover() {
    // blocks of 512 samples (32 ms) vs frames of 160 samples (10 ms): frame i lies in block i*160/512
    boolean[] m = SpeechFrames.fromBlocks(new boolean[] {false, true}, 512, 8);
    assertThat(m).containsExactly(false, false, false, false, true, true, true, false);
  }
}
