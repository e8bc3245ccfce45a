package io.audioinsight.audio.speakers.embedding;

import java.util.Arrays;

/**
 * The embedding windows over {@code length} samples of joined speech, as {@code start} and {@code length} arrays,
 * centres increasing. Two layouts:
 *
 * <ul>
 *   <li>{@link #over}: eval.py's {@code windows()}, {@code 1 + (length - window) / hop} windows of {@code window}
 *       samples from 0 (one shorter window when the speech is shorter than a window), with the hop stretched when
 *       there would be more than {@link EmbeddingSpeakerCounter#MAX_WINDOWS};
 *   <li>{@link #inside}: the same grid laid inside each piece between the turn changes found
 *       ({@link TurnChangeDetector}), so no window holds two voices at a change found.
 * </ul>
 */
final class Windows {

  /** Pieces between cuts shorter than this (0.5 s) get no window: their frames take the nearest window's voice. */
  static final int MIN_PIECE = 8_000;

  private final int[] starts;
  private final int[] lengths;
  private final int speechLength;

  private Windows(int[] starts, int[] lengths, int speechLength) {
    this.starts = starts;
    this.lengths = lengths;
    this.speechLength = speechLength;
  }

  static Windows over(int length, CountingParameters counting) {
    int window = Math.min(counting.windowSamples(), length);
    int hop = counting.hopSamples();
    int count = 1 + Math.max(0, (length - window) / hop);
    if (count > EmbeddingSpeakerCounter.MAX_WINDOWS) {
      int max = EmbeddingSpeakerCounter.MAX_WINDOWS;
      hop = (length - window + max - 2) / (max - 1); // ceil: at most max windows
      count = 1 + (length - window) / hop;
    }
    int[] starts = new int[count];
    int[] lengths = new int[count];
    for (int w = 0; w < count; w++) {
      starts[w] = w * hop;
      lengths[w] = window;
    }
    return new Windows(starts, lengths, length);
  }

  /**
   * The calibrated grid inside each piece of {@code [0, length)} between {@code cuts} (increasing sample positions):
   * a piece of at least a window gets {@code 1 + (piece - window) / hop} windows from its start, a shorter one of
   * at least {@link #MIN_PIECE} one window of its own length, a shorter one none. {@link #over} when there are no
   * cuts, when no piece is long enough, or when the pieces would need more than
   * {@link EmbeddingSpeakerCounter#MAX_WINDOWS} windows (the regular grid stretches its hop there instead).
   */
  static Windows inside(int length, int[] cuts, CountingParameters counting) {
    Windows grid = over(length, counting);
    boolean stretched = grid.count() > 1 && grid.start(1) != counting.hopSamples();
    if (cuts.length == 0 || stretched) {
      return grid;
    }
    int window = counting.windowSamples();
    int hop = counting.hopSamples();
    int[] starts = new int[EmbeddingSpeakerCounter.MAX_WINDOWS];
    int[] lengths = new int[EmbeddingSpeakerCounter.MAX_WINDOWS];
    int n = 0;
    for (int k = 0; k <= cuts.length; k++) {
      int from = k == 0 ? 0 : cuts[k - 1];
      int to = k == cuts.length ? length : cuts[k];
      int piece = to - from;
      if (piece < MIN_PIECE) {
        continue;
      }
      int count = piece < window ? 1 : 1 + (piece - window) / hop;
      if (n + count > starts.length) {
        return grid;
      }
      for (int i = 0; i < count; i++) {
        starts[n] = from + i * hop;
        lengths[n] = Math.min(window, piece);
        n++;
      }
    }
    return n == 0 ? grid : new Windows(Arrays.copyOf(starts, n), Arrays.copyOf(lengths, n), length);
  }

  int count() {
    return starts.length;
  }

  int start(int w) {
    return starts[w];
  }

  int length(int w) {
    return lengths[w];
  }

  /** The centre of window {@code w}, in samples of the joined speech. */
  int centre(int w) {
    return starts[w] + lengths[w] / 2;
  }

  /** Samples of joined speech the windows were laid over. */
  int speechLength() {
    return speechLength;
  }

  /** The window whose centre is nearest to sample {@code position} of the joined speech (the first on ties). */
  int nearest(int position) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) { // the last window whose centre is at or before position
      int mid = (lo + hi + 1) >>> 1;
      if (centre(mid) <= position) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    if (lo + 1 < starts.length && centre(lo) < position
        && centre(lo + 1) - position < position - centre(lo)) {
      return lo + 1;
    }
    return lo;
  }
}
