package io.audioinsight.eval;

import io.audioinsight.audio.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference numbers of DESIGN.md "Definitions", computed from the separate clean speech and noise tracks
 * of a generated file. Every corpus label and every eval comparison goes through here, so the definitions
 * live in exactly one place.
 *
 * <ul>
 *   <li>Speech activity: 20 ms frames of the clean speech whose RMS is within 35 dB of the loudest frame;
 *       inactive runs shorter than 150 ms between active frames are bridged, then active runs shorter than
 *       60 ms are dropped. Frame boundaries are compared in samples, so 140 ms gaps bridge and 60 ms runs stay.
 *   <li>{@code snr_db}: 10 log10 of the mean speech power over the samples of the speech-active frames
 *       (after bridging and dropping) over the mean noise power of the whole file; null without speech,
 *       capped at 100 dB.
 *   <li>{@code global_snr_db}: speech energy over the whole file over noise energy over the whole file;
 *       null without speech, capped at 100 dB.
 * </ul>
 */
public final class GroundTruth {

  public static final double FRAME_SECONDS = 0.020;
  public static final double RANGE_DB = 35.0;
  public static final double BRIDGE_GAP_SECONDS = 0.150;
  public static final double MIN_RUN_SECONDS = 0.060;
  public static final double SNR_CAP_DB = 100.0;

  private GroundTruth() {}

  /** Samples per 20 ms frame at {@code sampleRate}. */
  public static int frameLength(int sampleRate) {
    return Math.max(1, (int) Math.round(FRAME_SECONDS * sampleRate));
  }

  /** Speech activity of each 20 ms frame of the clean speech (the last frame may be partial). */
  public static boolean[] activeFrames(float[] clean, int sampleRate) {
    int len = frameLength(sampleRate);
    int frames = (clean.length + len - 1) / len;
    double[] meanSquare = new double[frames];
    double loudest = 0;
    for (int f = 0; f < frames; f++) {
      int from = f * len;
      int to = Math.min(clean.length, from + len);
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += (double) clean[i] * clean[i];
      }
      meanSquare[f] = sum / (to - from);
      loudest = Math.max(loudest, meanSquare[f]);
    }
    boolean[] active = new boolean[frames];
    if (loudest <= 0) {
      return active;
    }
    // RMS within 35 dB <=> mean square within 35 dB on the power scale.
    double floor = loudest * Math.pow(10, -RANGE_DB / 10);
    for (int f = 0; f < frames; f++) {
      active[f] = meanSquare[f] > 0 && meanSquare[f] >= floor;
    }
    long bridgeSamples = Math.round(BRIDGE_GAP_SECONDS * sampleRate);
    long minRunSamples = Math.round(MIN_RUN_SECONDS * sampleRate);
    fillShortRuns(active, false, bridgeSamples, len, true);
    fillShortRuns(active, true, minRunSamples, len, false);
    return active;
  }

  /**
   * Flips runs of {@code value} shorter than {@code limitSamples}. With {@code interiorOnly} only runs that
   * have frames of the other value on both sides count (gaps are bridged only between speech).
   */
  private static void fillShortRuns(boolean[] a, boolean value, long limitSamples, int frameLen, boolean interiorOnly) {
    int i = 0;
    while (i < a.length) {
      if (a[i] != value) {
        i++;
        continue;
      }
      int j = i;
      while (j < a.length && a[j] == value) {
        j++;
      }
      boolean interior = i > 0 && j < a.length;
      if ((long) (j - i) * frameLen < limitSamples && (interior || !interiorOnly)) {
        for (int k = i; k < j; k++) {
          a[k] = !value;
        }
      }
      i = j;
    }
  }

  /** Active frames as segments in seconds; the last segment ends at the file's end, not past it. */
  public static List<Segment> segments(boolean[] active, int sampleRate, int totalSamples) {
    int len = frameLength(sampleRate);
    List<Segment> out = new ArrayList<>();
    int i = 0;
    while (i < active.length) {
      if (!active[i]) {
        i++;
        continue;
      }
      int j = i;
      while (j < active.length && active[j]) {
        j++;
      }
      long end = Math.min((long) j * len, totalSamples);
      out.add(new Segment((double) i * len / sampleRate, (double) end / sampleRate));
      i = j;
    }
    return out;
  }

  /** Speech segments of the clean speech, per the definition above. */
  public static List<Segment> speechSegments(float[] clean, int sampleRate) {
    return segments(activeFrames(clean, sampleRate), sampleRate, clean.length);
  }

  /** Mean power of {@code speech} over the samples of the active frames; 0 when no frame is active. */
  public static double activeSpeechPower(float[] speech, boolean[] active, int sampleRate) {
    int len = frameLength(sampleRate);
    double sum = 0;
    long count = 0;
    for (int f = 0; f < active.length; f++) {
      if (!active[f]) {
        continue;
      }
      int to = Math.min(speech.length, (f + 1) * len);
      for (int i = f * len; i < to; i++) {
        sum += (double) speech[i] * speech[i];
      }
      count += to - f * len;
    }
    return count == 0 ? 0 : sum / count;
  }

  public static double meanPower(float[] x) {
    if (x.length == 0) {
      return 0;
    }
    double sum = 0;
    for (float v : x) {
      sum += (double) v * v;
    }
    return sum / x.length;
  }

  /** Active-speech SNR in dB; null when the clean speech has no active frame; at most 100. */
  public static Double snrDb(float[] speech, float[] noise, int sampleRate) {
    double ps = activeSpeechPower(speech, activeFrames(speech, sampleRate), sampleRate);
    if (ps <= 0) {
      return null;
    }
    return capped(ps, meanPower(noise));
  }

  /** Whole-file speech energy over noise energy in dB; null without speech; at most 100. */
  public static Double globalSnrDb(float[] speech, float[] noise, int sampleRate) {
    if (!anyActive(activeFrames(speech, sampleRate))) {
      return null;
    }
    double es = meanPower(speech) * speech.length;
    double en = meanPower(noise) * noise.length;
    return capped(es, en);
  }

  /** Total duration in seconds covered by {@code segments}. */
  public static double totalSeconds(List<Segment> segments) {
    double total = 0;
    for (Segment s : segments) {
      total += s.duration();
    }
    return total;
  }

  private static boolean anyActive(boolean[] active) {
    for (boolean a : active) {
      if (a) {
        return true;
      }
    }
    return false;
  }

  private static double capped(double signal, double noise) {
    if (noise <= 0) {
      return SNR_CAP_DB;
    }
    return Math.min(SNR_CAP_DB, 10 * Math.log10(signal / noise));
  }
}
