package io.audioinsight.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many distinct voices speak, who spoke when, and for how long each in total. {@code speakerCount} is 0
 * when there is no speech.
 *
 * @param speakingTime  one entry per speaker, by speaker number: seconds of speech, pauses excluded
 * @param speakerEngine the counter that produced this: "embedding" or "classic"
 */
public record SpeakerResult(int speakerCount, List<SpeakerSegment> speakerSegments, List<SpeakerTime> speakingTime,
                            String speakerEngine) {

  public SpeakerResult {
    speakerSegments = List.copyOf(speakerSegments);
    speakingTime = List.copyOf(speakingTime);
  }

  /**
   * A result whose speaking times are the segments' summed lengths (for tests and tools that build results by
   * hand; the counters measure speech frames, which leaves out the short pauses inside a segment).
   */
  public SpeakerResult(int speakerCount, List<SpeakerSegment> speakerSegments, String speakerEngine) {
    this(speakerCount, speakerSegments, summed(speakerSegments), speakerEngine);
  }

  /** As {@link #SpeakerResult(int, List, String)}, by the classic counter. */
  public SpeakerResult(int speakerCount, List<SpeakerSegment> speakerSegments) {
    this(speakerCount, speakerSegments, "classic");
  }

  private static List<SpeakerTime> summed(List<SpeakerSegment> segments) {
    Map<Integer, Double> total = new TreeMap<>();
    for (SpeakerSegment s : segments) {
      total.merge(s.speaker(), s.end() - s.start(), Double::sum);
    }
    List<SpeakerTime> out = new ArrayList<>();
    total.forEach((speaker, seconds) -> out.add(new SpeakerTime(speaker, Math.round(seconds * 1000.0) / 1000.0)));
    return out;
  }

  /**
   * This result with no segment ending after {@code durationS}, as {@link SnrResult#endingBy}: segments are
   * timed on the 16 kHz signal, which can round one millisecond past the file's own rounded duration. The
   * count and the speaking times are unchanged: a voice cannot lose a segment to a one-millisecond cut.
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
    return new SpeakerResult(speakerCount, capped, speakingTime, speakerEngine);
  }
}
