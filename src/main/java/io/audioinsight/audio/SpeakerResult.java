package io.audioinsight.audio;

import java.util.List;

/** How many distinct voices speak, and who spoke when. {@code speakerCount} is 0 when there is no speech. */
public record SpeakerResult(int speakerCount, List<SpeakerSegment> speakerSegments) {

  public SpeakerResult {
    speakerSegments = List.copyOf(speakerSegments);
  }
}
