package io.audioinsight.audio.vad;

import io.audioinsight.audio.Segment;
import java.util.List;

/**
 * Speech segments in seconds (time order, not overlapping) and the fraction of the duration they cover.
 */
public record SpeechActivity(List<Segment> segments, double speechRatio) {

  public SpeechActivity {
    segments = List.copyOf(segments);
  }
}
