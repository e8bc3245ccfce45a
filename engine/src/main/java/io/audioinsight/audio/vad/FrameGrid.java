package io.audioinsight.audio.vad;

import io.audioinsight.audio.Spectrogram;

/** Moves per-frame values between the spectrogram's 10 ms frames and the caller's grid of hop-size blocks. */
public final class FrameGrid {

  /** Sample at the centre of spectrogram frame 0 (frames start every HOP samples and span WINDOW). */
  static final int FRAME_CENTRE = Spectrogram.WINDOW / 2;

  private FrameGrid() {}

  /**
   * Averages frame values onto blocks of {@code hopSize} samples: block j takes the frames whose centre lies
   * in [j*hopSize, (j+1)*hopSize), or the nearest frame when none does. Returns ceil(sampleCount/hopSize)
   * values.
   */
  public static float[] toHopGrid(float[] frameValues, int sampleCount, int hopSize) {
    int blocks = (int) ((sampleCount + (long) hopSize - 1) / hopSize);
    float[] out = new float[blocks];
    int frames = frameValues.length;
    if (frames == 0) {
      return out;
    }
    for (int j = 0; j < blocks; j++) {
      long start = (long) j * hopSize;
      long end = start + hopSize;
      int first = (int) ceilDiv(start - FRAME_CENTRE, Spectrogram.HOP);
      int last = (int) ceilDiv(end - FRAME_CENTRE, Spectrogram.HOP) - 1;
      first = clamp(first, 0, frames - 1);
      last = clamp(last, 0, frames - 1);
      if (last < first) {
        last = first;
      }
      float sum = 0;
      for (int t = first; t <= last; t++) {
        sum += frameValues[t];
      }
      out[j] = sum / (last - first + 1);
    }
    return out;
  }

  /** Marks the 10 ms frames whose centre lies inside one of the segments (seconds). */
  public static boolean[] framesInside(java.util.List<io.audioinsight.audio.Segment> segments, int frames) {
    boolean[] inside = new boolean[frames];
    for (io.audioinsight.audio.Segment s : segments) {
      int first = (int) Math.max(0, ceilDiv(Math.round(s.start() * Spectrogram.SAMPLE_RATE) - FRAME_CENTRE, Spectrogram.HOP));
      int last = (int) Math.min(frames - 1L,
          ceilDiv(Math.round(s.end() * Spectrogram.SAMPLE_RATE) - FRAME_CENTRE, Spectrogram.HOP) - 1);
      for (int t = first; t <= last; t++) {
        inside[t] = true;
      }
    }
    return inside;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
