package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;

/**
 * Places each change of voice more finely than the windows do. Between the centres of two neighbouring
 * windows of different voices (0.75 s apart on the grid), the nearest-window rule cuts in the middle, so a turn boundary
 * is off by up to half a hop; here shorter windows ({@link #SUB_WINDOW}) every {@link #SUB_HOP} across that
 * stretch are embedded and each goes to whichever of the two voices' centroids is nearer. Only stretches at a
 * change are embedded again, so the cost grows with the number of turns, not the length.
 */
final class TurnBoundaries {

  /** Length of the boundary windows, samples (0.5 s). */
  static final int SUB_WINDOW = 8_000;
  /** Step between boundary windows, samples (0.25 s): the resolution of a turn change. */
  static final int SUB_HOP = 4_000;
  private static final int HOP = 160;

  private TurnBoundaries() {}

  /**
   * The voice of each speech frame with turn changes refined; {@code voiceOfFrame} (nearest window) is the
   * fallback, returned as is if refining would take every frame from a voice (the count must not change).
   */
  static int[] refine(SpeakerEmbeddingModel model, float[] speech, Windows windows, int[] voiceOfWindow,
                      double[][] centroids, int[] voiceOfFrame, Cancellation cancellation) {
    int[] out = voiceOfFrame.clone();
    for (int w = 0; w + 1 < windows.count(); w++) {
      int a = voiceOfWindow[w];
      int b = voiceOfWindow[w + 1];
      if (a == b) {
        continue;
      }
      cancellation.throwIfCancelled();
      int from = windows.centre(w);
      int to = windows.centre(w + 1);
      for (int centre = from + SUB_HOP / 2; centre < to; centre += SUB_HOP) {
        int start = Math.max(0, Math.min(speech.length - SUB_WINDOW, centre - SUB_WINDOW / 2));
        int length = Math.min(SUB_WINDOW, speech.length - start);
        float[] e = model.embed(speech, Math.max(0, start), length);
        int voice = cosine(e, centroids[a]) >= cosine(e, centroids[b]) ? a : b;
        int firstFrame = Math.max(0, (centre - SUB_HOP / 2) / HOP);
        int endFrame = Math.min(out.length, Math.min(to, centre + SUB_HOP / 2) / HOP);
        for (int p = firstFrame; p < endFrame; p++) {
          out[p] = voice;
        }
      }
    }
    return everyVoiceKept(voiceOfFrame, out) ? out : voiceOfFrame;
  }

  private static boolean everyVoiceKept(int[] before, int[] after) {
    int voices = 0;
    for (int v : before) {
      voices = Math.max(voices, v + 1);
    }
    boolean[] seen = new boolean[voices];
    for (int v : after) {
      seen[v] = true;
    }
    for (boolean s : seen) {
      if (!s) {
        return false;
      }
    }
    return true;
  }

  private static double cosine(float[] e, double[] centroid) {
    double s = 0;
    for (int d = 0; d < e.length; d++) {
      s += e[d] * centroid[d];
    }
    return s;
  }
}
