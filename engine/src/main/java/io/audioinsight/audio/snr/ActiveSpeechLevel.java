package io.audioinsight.audio.snr;

import io.audioinsight.audio.Cancellation;

/**
 * Active speech level in dBFS after ITU-T P.56 method B: the mean power over the samples where a 30 ms
 * envelope (with 200 ms hangover) exceeds a threshold, the threshold being chosen where it lies
 * {@link #MARGIN_DB} below that mean power. 0 dBFS is the power of a full-scale square wave, so a full-scale
 * sine reads -3.01 dBFS.
 *
 * <p>P.56 tests the envelope against its thresholds every sample; here the test runs once per block of
 * {@link #BLOCK} samples (1 ms, far shorter than the envelope's time constant and the hangover), which makes the
 * per-sample cost an absolute value, two multiply-adds and a square. Like P.56 it knows nothing of noise: in
 * loud noise it measures speech plus the noise inside the active stretches.
 */
public final class ActiveSpeechLevel {

  /** P.56's margin between the active level and the activity threshold: 15.9 dB. */
  static final double MARGIN_DB = 15.9;
  /** P.56's envelope time constant: 30 ms. */
  static final double TIME_CONSTANT_S = 0.03;
  /** P.56's hangover: 200 ms. */
  static final double HANGOVER_S = 0.2;
  /** Thresholds 2^0 .. 2^-(THRESHOLDS-1) of full scale, 6 dB apart (P.56's 15 steps of a 16-bit range, one more). */
  static final int THRESHOLDS = 16;
  /** Samples per activity decision at 16 kHz: 1 ms. */
  static final int BLOCK = 16;
  private static final int RATE = 16_000;
  private static final int CHECK_EVERY_BLOCKS = 16_384;

  private ActiveSpeechLevel() {}

  /** The active level in dBFS, or null for an empty signal or digital silence (no active sample). */
  public static Double dbfs(float[] x, Cancellation cancellation) {
    return dbfs(measure(x, cancellation));
  }

  /**
   * What the level is computed from: the signal's energy and, per threshold, its active sample count. Both add up
   * over consecutive pieces of one signal ({@link Sums#plus}), so a file analysed in chunks gets the level of the
   * whole file; what differs is only the envelope and hangover, which restart at each piece's start (at most a
   * few hundred milliseconds of activity per piece).
   */
  public static Sums measure(float[] x, Cancellation cancellation) {
    return measure(x, 0, x.length, cancellation);
  }

  /**
   * As above, counting only samples {@code [from, to)}: the envelope and hangover run from sample 0, so a chunk's
   * context warms them up and its sums are the whole file's over its samples ({@code from} a multiple of
   * {@link #BLOCK}, as the whole file's blocks fall).
   */
  public static Sums measure(float[] x, int from, int to, Cancellation cancellation) {
    double g = Math.exp(-1.0 / (RATE * TIME_CONSTANT_S));
    int hangoverBlocks = (int) Math.round(HANGOVER_S * RATE / BLOCK);
    float[] threshold = new float[THRESHOLDS];
    for (int j = 0; j < THRESHOLDS; j++) {
      threshold[j] = (float) Math.scalb(1.0, -j);
    }
    long[] active = new long[THRESHOLDS];
    int[] hang = new int[THRESHOLDS];
    java.util.Arrays.fill(hang, hangoverBlocks); // nothing active before the start
    double energy = 0;
    double p = 0;
    double q = 0;
    int blocks = 0;
    for (int start = 0; start < to; start += BLOCK, blocks++) {
      if (blocks % CHECK_EVERY_BLOCKS == 0) {
        cancellation.throwIfCancelled();
      }
      int end = Math.min(to, start + BLOCK);
      boolean counted = start >= from;
      double blockEnergy = 0;
      for (int i = start; i < end; i++) {
        double v = x[i];
        blockEnergy += v * v;
        p = g * p + (1 - g) * Math.abs(v);
        q = g * q + (1 - g) * p;
      }
      energy += counted ? blockEnergy : 0;
      int n = counted ? end - start : 0;
      for (int j = 0; j < THRESHOLDS; j++) {
        if (q >= threshold[j]) {
          active[j] += n;
          hang[j] = 0;
        } else if (hang[j] < hangoverBlocks) {
          active[j] += n;
          hang[j]++;
        }
      }
    }
    return new Sums(energy, active);
  }

  /** The active level in dBFS from {@code sums}, or null when no sample is active. */
  public static Double dbfs(Sums sums) {
    double energy = sums.energy();
    long[] active = sums.active();
    // thresholds from the lowest up: the margin (active level minus threshold) shrinks as the threshold rises
    double previousLevel = Double.NaN;
    double previousMargin = Double.NaN;
    for (int j = THRESHOLDS - 1; j >= 0; j--) {
      if (active[j] == 0) {
        break;
      }
      double level = 10 * Math.log10(energy / active[j]);
      double margin = level - 20 * Math.log10(Math.scalb(1.0, -j));
      if (margin <= MARGIN_DB) {
        if (Double.isNaN(previousMargin)) {
          return level; // quieter than the lowest threshold allows to resolve
        }
        double w = (previousMargin - MARGIN_DB) / (previousMargin - margin);
        return previousLevel + w * (level - previousLevel);
      }
      previousLevel = level;
      previousMargin = margin;
    }
    return Double.isNaN(previousLevel) ? null : previousLevel;
  }

  /**
   * The energy of a signal (sum of squared samples) and, per threshold 2^-j of full scale, how many of its samples
   * were active.
   */
  public record Sums(double energy, long[] active) {

    /** The sums of this piece and the {@code next} one of the same signal. */
    public Sums plus(Sums next) {
      long[] both = active.clone();
      for (int j = 0; j < both.length; j++) {
        both[j] += next.active[j];
      }
      return new Sums(energy + next.energy, both);
    }
  }
}
