package io.audioinsight.eval.metrics;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SpeakerSegment;
import java.util.List;

/**
 * Segments sampled on a fixed time grid: frame {@code i} covers {@code [i*step, (i+1)*step)} and takes the
 * value at its centre, so a segment covers the frames whose centres lie in {@code [start, end)}.
 */
public final class FrameGrid {

  /** The 10 ms grid the VAD F1 and the DER are scored on. */
  public static final double STEP_SECONDS = 0.010;

  private FrameGrid() {}

  /** Number of frames covering {@code durationSeconds}. */
  public static int frames(double durationSeconds, double step) {
    return Math.max(0, (int) Math.ceil(durationSeconds / step - 1e-9));
  }

  /** True where a frame's centre lies inside any segment. */
  public static boolean[] activity(List<Segment> segments, double durationSeconds, double step) {
    boolean[] out = new boolean[frames(durationSeconds, step)];
    for (Segment s : segments) {
      int[] range = range(s.start(), s.end(), out.length, step);
      for (int i = range[0]; i < range[1]; i++) {
        out[i] = true;
      }
    }
    return out;
  }

  /**
   * Bit {@code k-1} set where speaker {@code k} speaks (labels 1..63; overlapping speakers set several
   * bits).
   */
  public static long[] speakers(List<SpeakerSegment> segments, double durationSeconds, double step) {
    long[] out = new long[frames(durationSeconds, step)];
    for (SpeakerSegment s : segments) {
      if (s.speaker() < 1 || s.speaker() > 63) {
        throw new IllegalArgumentException("speaker labels must be 1..63, got " + s.speaker());
      }
      int[] range = range(s.start(), s.end(), out.length, step);
      for (int i = range[0]; i < range[1]; i++) {
        out[i] |= 1L << (s.speaker() - 1);
      }
    }
    return out;
  }

  /** First and one-past-last frame whose centre lies in {@code [start, end)}, clamped to the grid. */
  private static int[] range(double start, double end, int frames, double step) {
    int from = (int) Math.max(0, Math.ceil(start / step - 0.5 - 1e-9));
    int to = (int) Math.min(frames, Math.ceil(end / step - 0.5 - 1e-9));
    return new int[] {from, Math.max(from, to)};
  }
}
