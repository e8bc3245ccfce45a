package io.audioinsight.audio.noise;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.ParsevalSum;
import io.audioinsight.audio.Spectrogram;
import java.util.Arrays;

/**
 * Noise power spectral density per frame and bin: minimum statistics in both time directions feeding a
 * speech-presence-controlled average (MCRA, Cohen and Berdugo 2002).
 *
 * <ol>
 *   <li>Each bin's power is smoothed recursively and its minimum taken over about half a second before the
 *       frame (causal) and half a second after it (anti-causal); the two-sided minimum is the larger of the
 *       two. Speech rarely keeps a bin busy for long, so at least one side finds the noise even
 *       in speech with almost no pauses, and a step in the noise level is followed at once in either
 *       direction (the anti-causal side sees an onset, the causal side a stop) instead of one window
 *       late.</li>
 *   <li>A bin holds speech where its smoothed power exceeds {@link #PRESENCE_RATIO} times that minimum.
 *       The noise estimate is a recursive average of the power that moves only as far as speech is absent.
 *       Unlike a scaled minimum it is unbiased whatever the noise distribution (a steady hum tone included),
 *       and where speech dominates a bin the bin keeps its noise value instead of rising with the speech.
 *       It never falls below {@link #MIN_SHARE} times the minimum, which catches up with a noise onset
 *       before the average does.</li>
 * </ol>
 *
 * <p>The tracker runs on rows of two frames (20 ms), which halves its cost; noise changes more slowly than
 * that. Cost: two passes over the spectrogram, the second one fused with the average (the row means are
 * recomputed rather than stored). Memory: one float per row and bin (half a float per frame and bin) plus
 * a few arrays per bin.
 */
public final class NoiseFloor {

  /** Frames per row: the tracker runs on pairs of 10 ms frames (their mean power), which halves its cost. */
  static final int FRAMES_PER_ROW = 2;
  /** Recursive smoothing of the power per 20 ms row before the minimum is taken (0.7 per 10 ms). */
  static final float SMOOTHING = 0.49f;
  /** Rows per sub-window of the running minimum. */
  static final int SUBWINDOW = 5;
  /** Sub-windows kept: the minimum spans 0.4 to 0.5 s on each side (longer windows take a short burst of noise for speech). */
  static final int SUBWINDOWS = 5;
  /** Smoothed power above this multiple of the minimum means speech in the bin (MCRA's delta). */
  static final float PRESENCE_RATIO = 5f;
  /** Smoothing of the noise average where speech is absent: about 5 rows, 100 ms. */
  static final float NOISE_SMOOTHING = 0.81f;
  /** Mean over minimum of the smoothed periodogram of Gaussian noise here; only the average's start uses it. */
  static final float MIN_BIAS = 2.5f;
  /** Lower bound of the average as a multiple of the minimum (a third of the mean of Gaussian noise, the mean of a steady tone). */
  static final float MIN_SHARE = 1.0f;
  /**
   * The average skips the noise frames that look like speech (the loudest few percent), so it reads low by
   * this factor; measured on white and pink noise (NoiseFloorTest).
   */
  static final float ABSENCE_BIAS = 1.1f;
  /** Lowest noise PSD reported: white noise at about -120 dBFS, so ratios against it stay finite. */
  public static final float MIN_PSD = 1.5e-10f;
  private static final int B = Spectrogram.BINS;
  private static final int CHECK_EVERY_ROWS = 500;

  private final int frames;
  private final float[] psd;
  private final float[] rowSums;

  private NoiseFloor(int frames, float[] psd, float[] rowSums) {
    this.frames = frames;
    this.psd = psd;
    this.rowSums = rowSums;
  }

  public static NoiseFloor track(Spectrogram spectrogram, Cancellation cancellation) {
    int frames = spectrogram.frames();
    int rows = (frames + FRAMES_PER_ROW - 1) / FRAMES_PER_ROW;
    float[] power = spectrogram.power();
    float[] out = new float[rows * B];
    float[] rowSums = new float[rows];
    if (frames == 0) {
      return new NoiseFloor(0, out, rowSums);
    }
    RunningMinimum minimum = new RunningMinimum();
    float[] rowPower = new float[B]; // one row at a time: the row means are recomputed on the way back
    // forward: mean power of each pair of frames, smoothed, and the causal minimum into out
    for (int r = 0; r < rows; r++) {
      if (r % CHECK_EVERY_ROWS == 0) {
        cancellation.throwIfCancelled();
      }
      pairMean(power, frames, r, rowPower);
      if (r == 0) {
        System.arraycopy(rowPower, 0, minimum.smoothed, 0, B);
        minimum.writeMinimum(out, 0);
      } else {
        minimum.smoothAndWriteMinimum(rowPower, out, r * B);
      }
      minimum.advance();
    }
    // backward: anti-causal minimum, two-sided minimum, and the average where speech is absent
    minimum.reset();
    int lastBase = (rows - 1) * B;
    pairMean(power, frames, rows - 1, rowPower);
    System.arraycopy(rowPower, 0, minimum.smoothed, 0, B);
    float[] noise = new float[B];
    for (int k = 0; k < B; k++) {
      noise[k] = MIN_BIAS * out[lastBase + k];
    }
    for (int r = rows - 1; r >= 0; r--) {
      if (r % CHECK_EVERY_ROWS == 0) {
        cancellation.throwIfCancelled();
      }
      int base = r * B;
      if (r < rows - 1) {
        pairMean(power, frames, r, rowPower);
        minimum.smooth(rowPower);
      }
      minimum.averageWhereSpeechAbsent(rowPower, out, base, noise);
      rowSums[r] = ParsevalSum.of(out, base); // while the row is in cache
      minimum.advance();
    }
    return new NoiseFloor(frames, out, rowSums);
  }

  private static void pairMean(float[] power, int frames, int row, float[] rowPower) {
    int first = row * FRAMES_PER_ROW * B;
    if (row * FRAMES_PER_ROW + 1 < frames) {
      int second = first + B;
      for (int k = 0; k < B; k++) {
        rowPower[k] = 0.5f * (power[first + k] + power[second + k]);
      }
    } else {
      System.arraycopy(power, first, rowPower, 0, B);
    }
  }

  public int frames() {
    return frames;
  }

  /**
   * The noise PSD, one row of {@link Spectrogram#BINS} values per pair of frames; read only. Bin {@code k}
   * of frame {@code t} is {@code psd()[rowOffset(t) + k]}.
   */
  public float[] psd() {
    return psd;
  }

  /**
   * Per row, the noise power of a frame: the row's PSD summed over the bins, DC and Nyquist counting half
   * (Parseval for a real FFT); frame {@code t} is in row {@code t / 2}. Read only.
   */
  public float[] framePowerRows() {
    return rowSums;
  }

  /** The row that holds frame {@code frame}. */
  public static int row(int frame) {
    return frame / FRAMES_PER_ROW;
  }

  /** Offset in {@link #psd()} of frame {@code t}'s row. */
  public static int rowOffset(int frame) {
    return (frame / FRAMES_PER_ROW) * B;
  }

  public float psd(int frame, int bin) {
    return psd[rowOffset(frame) + bin];
  }

  /**
   * Running minimum of the smoothed power of every bin over SUBWINDOWS sub-windows of SUBWINDOW frames (the
   * minimum of each finished sub-window is kept in a ring), walked over the frames in one direction. The
   * per-bin loops use Math.min/max, which C2 compiles to branch-free (vector) instructions.
   */
  private static final class RunningMinimum {
    final float[] smoothed = new float[B];
    private final float[] current = new float[B];
    private final float[] ring = new float[SUBWINDOWS * B];
    private final float[] ringMin = new float[B];
    private int slot;
    private int framesInSubwindow;

    RunningMinimum() {
      reset();
    }

    void reset() {
      Arrays.fill(current, Float.POSITIVE_INFINITY);
      Arrays.fill(ring, Float.POSITIVE_INFINITY);
      Arrays.fill(ringMin, Float.POSITIVE_INFINITY);
      slot = 0;
      framesInSubwindow = 0;
    }

    void smooth(float[] rowPower) {
      float a = SMOOTHING;
      float b = 1f - SMOOTHING;
      for (int k = 0; k < B; k++) {
        smoothed[k] = a * smoothed[k] + b * rowPower[k];
      }
    }

    void writeMinimum(float[] out, int base) {
      for (int k = 0; k < B; k++) {
        float c = Math.min(smoothed[k], current[k]);
        current[k] = c;
        out[base + k] = Math.min(c, ringMin[k]);
      }
    }

    /** {@link #smooth} and {@link #writeMinimum} in one pass over the bins. */
    void smoothAndWriteMinimum(float[] rowPower, float[] out, int base) {
      float a = SMOOTHING;
      float b = 1f - SMOOTHING;
      for (int k = 0; k < B; k++) {
        float s = a * smoothed[k] + b * rowPower[k];
        smoothed[k] = s;
        float c = Math.min(s, current[k]);
        current[k] = c;
        out[base + k] = Math.min(c, ringMin[k]);
      }
    }

    /** On entry out holds the causal minimum; on exit the noise PSD. */
    void averageWhereSpeechAbsent(float[] rowPower, float[] out, int base, float[] noise) {
      for (int k = 0; k < B; k++) {
        float s = smoothed[k];
        float c = Math.min(s, current[k]);
        current[k] = c;
        float minimum = Math.max(out[base + k], Math.min(c, ringMin[k]));
        float alpha = s > PRESENCE_RATIO * minimum ? 1f : NOISE_SMOOTHING; // hold where speech is present
        float n = Math.max(alpha * noise[k] + (1f - alpha) * rowPower[k], MIN_SHARE * minimum);
        noise[k] = n;
        out[base + k] = Math.max(ABSENCE_BIAS * n, MIN_PSD);
      }
    }

    /** Ends a row: closes the sub-window when it is full. */
    void advance() {
      if (++framesInSubwindow < SUBWINDOW) {
        return;
      }
      framesInSubwindow = 0;
      System.arraycopy(current, 0, ring, slot * B, B);
      slot = (slot + 1) % SUBWINDOWS;
      Arrays.fill(current, Float.POSITIVE_INFINITY);
      Arrays.fill(ringMin, Float.POSITIVE_INFINITY);
      for (int u = 0; u < SUBWINDOWS; u++) {
        int off = u * B;
        for (int k = 0; k < B; k++) {
          ringMin[k] = Math.min(ringMin[k], ring[off + k]);
        }
      }
    }
  }
}
