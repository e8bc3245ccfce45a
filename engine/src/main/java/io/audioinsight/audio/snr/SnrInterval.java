package io.audioinsight.audio.snr;

/**
 * How far the active-speech SNR can be trusted: a block jackknife over one-second blocks of the file. Each
 * block is left out in turn and the SNR recomputed from the speech and pause powers of the rest; the spread
 * of those estimates is the standard error of the SNR. It grows where the estimate is weak: little speech or
 * few pauses (few blocks carry them) and noise whose level changes from block to block (rings, typing, music).
 * The interval is the estimate plus or minus {@link #Z} standard errors, plus {@link #MODEL_ERROR_DB} for what
 * resampling blocks cannot see (the VAD's errors, the tracker's bias), plus up to {@link #FEW_PAUSES_DB} while
 * the pauses are too short to measure the noise on their own. {@link #Z} and the two margins were fitted on the
 * tune split of the real-noise corpus (88% of the true SNRs inside with Silero, 81% with DSP; on the corpus as
 * rebuilt on 2026-12-06, tune 87% and 82%, the held-out report split 89% and 77%: the DSP VAD's mistakes move the
 * estimate in ways that leaving out seconds cannot show; docs/BENCHMARKS.md, "Trust fields").
 */
public final class SnrInterval {

  /** Frames (10 ms) per jackknife block: one second. */
  static final int BLOCK_FRAMES = 100;
  /** Standard errors on each side. */
  static final double Z = 2.5;
  /** Added on each side for the errors the blocks cannot show. */
  static final double MODEL_ERROR_DB = 1.5;
  /** Added on each side, scaled by how far the pauses fall short of TRUSTED_PAUSE_FRAMES. */
  static final double FEW_PAUSES_DB = 3.0;
  /** The widest half-width reported (and the one for a file too short to resample). */
  static final double MAX_HALF_WIDTH_DB = 20.0;
  /** The narrowest half-width, also for an estimate at the bottom of the range. */
  static final double MIN_HALF_WIDTH_DB = 1.0;
  /** Half-widths up to this are "high" confidence. */
  public static final double HIGH_CONFIDENCE_DB = 3.0;
  /** Half-widths up to this (above HIGH_CONFIDENCE_DB) are "medium"; wider ones "low". */
  public static final double MEDIUM_CONFIDENCE_DB = 6.0;

  private SnrInterval() {}

  /** Per one-second block: the summed speech excess power and speech frames, the summed pause power and pauses. */
  record Blocks(double[] speechExcess, int[] speechFrames, double[] pauseSum, int[] pauseFrames) {}

  /**
   * @param trust        the weight of the pauses in the noise power (1 with enough pauses)
   * @param trackedMean  the tracked noise's mean frame power, the rest of the noise power's weight
   */
  static double halfWidthDb(Blocks blocks, double trust, double trackedMean) {
    double se = 0;
    double pe = 0;
    long sc = 0;
    long pc = 0;
    int used = 0;
    int n = blocks.speechFrames().length;
    for (int b = 0; b < n; b++) {
      se += blocks.speechExcess()[b];
      sc += blocks.speechFrames()[b];
      pe += blocks.pauseSum()[b];
      pc += blocks.pauseFrames()[b];
      if (blocks.speechFrames()[b] + blocks.pauseFrames()[b] > 0) {
        used++;
      }
    }
    if (used < 2) {
      return MAX_HALF_WIDTH_DB;
    }
    double[] leaveOut = new double[n];
    double mean = 0;
    int k = 0;
    for (int b = 0; b < n; b++) {
      if (blocks.speechFrames()[b] + blocks.pauseFrames()[b] == 0) {
        continue;
      }
      long restSpeech = sc - blocks.speechFrames()[b];
      long restPauses = pc - blocks.pauseFrames()[b];
      if (restSpeech == 0 || (restPauses == 0 && trust > 0)) {
        return MAX_HALF_WIDTH_DB; // all the speech, or all the pauses, in one second
      }
      double speech = (se - blocks.speechExcess()[b]) / restSpeech;
      double pauses = restPauses > 0 ? (pe - blocks.pauseSum()[b]) / restPauses : 0;
      double noise = trust * pauses + (1 - trust) * trackedMean;
      double db = speech > 0 && noise > 0 ? 10 * Math.log10(speech / noise) : ActiveSpeechSnr.MIN_DB;
      leaveOut[k++] = Math.max(ActiveSpeechSnr.MIN_DB, Math.min(ActiveSpeechSnr.CAP_DB, db));
      mean += leaveOut[k - 1];
    }
    mean /= k;
    double ss = 0;
    for (int i = 0; i < k; i++) {
      ss += (leaveOut[i] - mean) * (leaveOut[i] - mean);
    }
    double standardError = Math.sqrt((k - 1.0) / k * ss);
    double half = Z * standardError + MODEL_ERROR_DB + FEW_PAUSES_DB * (1 - trust);
    return Math.max(MIN_HALF_WIDTH_DB, Math.min(MAX_HALF_WIDTH_DB, half));
  }

  /** "high", "medium" or "low", from the half-width of the interval. */
  public static String confidence(double lowDb, double highDb) {
    double half = (highDb - lowDb) / 2;
    return half <= HIGH_CONFIDENCE_DB ? "high" : half <= MEDIUM_CONFIDENCE_DB ? "medium" : "low";
  }
}
