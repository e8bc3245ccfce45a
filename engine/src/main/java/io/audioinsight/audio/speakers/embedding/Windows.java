package io.audioinsight.audio.speakers.embedding;

/**
 * The embedding windows over {@code length} samples of joined speech: eval.py's {@code windows()},
 * {@code 1 + (length - window) / hop} windows of {@code window} samples from 0 (one shorter window when the
 * speech is shorter than a window), with the hop stretched when there would be more than
 * {@link EmbeddingSpeakerCounter#MAX_WINDOWS}.
 */
record Windows(int count, int window, int hop, int length) {

  static Windows over(int length, CountingParameters counting) {
    int window = Math.min(counting.windowSamples(), length);
    int hop = counting.hopSamples();
    int count = 1 + Math.max(0, (length - window) / hop);
    if (count > EmbeddingSpeakerCounter.MAX_WINDOWS) {
      int max = EmbeddingSpeakerCounter.MAX_WINDOWS;
      hop = (length - window + max - 2) / (max - 1); // ceil: at most max windows
      count = 1 + (length - window) / hop;
    }
    return new Windows(count, window, hop, length);
  }

  int start(int w) {
    return w * hop;
  }

  int length(int w) {
    return window;
  }

  /** The window whose centre is nearest to sample {@code position} of the joined speech (the first on ties). */
  int nearest(int position) {
    double k = (position - window / 2.0) / hop;
    int w = (int) Math.floor(k + 0.5 - 1e-9);
    return Math.max(0, Math.min(count - 1, w));
  }
}
