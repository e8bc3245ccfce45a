package io.audioinsight.audio.vad;

/**
 * How much of a frame's spectral fine structure (its peaks above the local spectral envelope of the
 * per-bin SNR) sits at the same bins {@link #LAG_FRAMES} frames earlier or later. A phone ring, an alarm,
 * a beep or a held music note is a stable set of tones: its peaks stay put for hundreds of milliseconds.
 * Voiced speech has peaks too, but its f0 glides and its syllables change every 125-500 ms, so its
 * harmonics leave their bins within that lag. Returns a score per frame in [0, 1]: 1 for a frame whose
 * peaks are all still (or already) there, 0 for one with no persistent peak.
 */
final class TonalPersistence {

  static final int LAG_FRAMES = Integer.getInteger("tp.lag", 20);
  /** Half-width in bins of the local envelope that the peaks are measured against. */
  static final int ENVELOPE_HALF_BINS = Integer.getInteger("tp.env", 3);

  /** Natural-log height above the envelope that a bin must exceed to count as a peak (random noise rarely does). */
  static final float PEAK_FLOOR = Float.parseFloat(System.getProperty("tp.floor", "1.4"));

  private TonalPersistence() {}

  /**
   * @param logSnr per frame, {@code bins} values of ln(a-posteriori SNR), frame after frame
   * @return persistence score per frame
   */
  static float[] score(float[] logSnr, int frames, int bins) {
    float[] fine = new float[logSnr.length];
    float[] energy = new float[frames];
    for (int t = 0; t < frames; t++) {
      int base = t * bins;
      // running sum over the envelope window, so the cost is O(bins) per frame
      float window = 0;
      int count = 0;
      for (int k = 0; k < Math.min(ENVELOPE_HALF_BINS, bins); k++) {
        window += logSnr[base + k];
        count++;
      }
      float total = 0;
      for (int k = 0; k < bins; k++) {
        int add = k + ENVELOPE_HALF_BINS;
        if (add < bins) {
          window += logSnr[base + add];
          count++;
        }
        int drop = k - ENVELOPE_HALF_BINS - 1;
        if (drop >= 0) {
          window -= logSnr[base + drop];
          count--;
        }
        float f = logSnr[base + k] - window / count - PEAK_FLOOR;
        f = f > 0 ? f : 0;
        fine[base + k] = f;
        total += f;
      }
      energy[t] = total;
    }
    float[] score = new float[frames];
    if (Boolean.getBoolean("tp.comb")) {
      for (int t = 0; t < frames; t++) {
        int a = t * bins;
        float e2 = 0;
        for (int k = 0; k < bins; k++) {
          e2 += fine[a + k] * fine[a + k];
        }
        if (e2 <= 0) {
          score[t] = 0;
          continue;
        }
        float best = 0;
        for (int lag = 3; lag <= 13; lag++) {
          float r1 = 0;
          float r2 = 0;
          for (int k = 0; k + lag < bins; k++) {
            r1 += fine[a + k] * fine[a + k + lag];
          }
          for (int k = 0; k + 2 * lag < bins; k++) {
            r2 += fine[a + k] * fine[a + k + 2 * lag];
          }
          best = Math.max(best, Math.min(r1, r2) / e2);
        }
        score[t] = best;
      }
      return score;
    }
    for (int t = 0; t < frames; t++) {
      if (energy[t] <= 0) {
        continue;
      }
      float best = 0;
      if (t >= LAG_FRAMES) {
        best = overlap(fine, t, t - LAG_FRAMES, bins);
      }
      if (t + LAG_FRAMES < frames) {
        best = Math.max(best, overlap(fine, t, t + LAG_FRAMES, bins));
      }
      score[t] = best / energy[t];
    }
    return score;
  }

  private static float overlap(float[] fine, int t, int u, int bins) {
    int a = t * bins;
    int b = u * bins;
    float sum = 0;
    for (int k = 0; k < bins; k++) {
      sum += Math.min(fine[a + k], fine[b + k]);
    }
    return sum;
  }
}
