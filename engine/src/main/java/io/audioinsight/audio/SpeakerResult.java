package io.audioinsight.audio;

import java.util.ArrayList;
import java.util.List;

/** How many distinct voices speak, and who spoke when. {@code speakerCount} is 0 when there is no speech. */
public record SpeakerResult(int speakerCount, List<SpeakerSegment> speakerSegments) {

  public SpeakerResult {
    speakerSegments = List.copyOf(speakerSegments);
  }

  /**
   * This result with no segment ending after {@code durationS}, as {@link SnrResult#endingBy}: segments are
   * timed on the 16 kHz signal, which can round one millisecond past the file's own rounded duration. The
   * count is unchanged: a voice cannot lose a segment to a one-millisecond cut.
   */
  public SpeakerResult endingBy(double durationS) {
    if (speakerSegments.isEmpty() || speakerSegments.get(speakerSegments.size() - 1).end() <= durationS) {
      return this;
    }
    List<SpeakerSegment> capped = new ArrayList<>(speakerSegments.size());
    for (SpeakerSegment s : speakerSegments) {
      if (s.start() < durationS) {
        capped.add(s.end() <= durationS ? s : new SpeakerSegment(s.start(), durationS, s.speaker()));
      }
    }
    return new SpeakerResult(speakerCount, capped);
  }
}
