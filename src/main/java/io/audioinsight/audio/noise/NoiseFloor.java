package io.audioinsight.audio.noise;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import java.util.Arrays;

/**
 * Noise power spectral density per frame and bin: minimum statistics in both time directions feeding a
 * speech-presence-controlled average (MCRA, Cohen and Berdugo 2002).
 *
 * <ol>
 *   <li>Each bin's power is smoothed recursively and its minimum taken over about one second before the
 *       frame (causal) and one second after it (anti-causal); the two-sided minimum is the larger of the
 *       two. Speech rarely keeps a bin busy for a whole second, so at least one side finds the noise even
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
 * <p>Cost: two passes over the spectrogram, the second one fused with the average. Memory: one float per
 * frame and bin plus a few arrays per bin.
 */
public final class NoiseFloor {

  /** Recursive smoothing of the power per 10 ms frame before the minimum is taken. */
  static final float SMOOTHING = 0.7f;
  /** Frames per sub-window of the running minimum. */
  static final int SUBWINDOW = 10;
  /** Sub-windows kept: the minimum spans 0.9 to 1.0 s on each side. */
  static final int SUBWINDOWS = 10;
  /** Smoothed power above this multiple of the minimum means speech in the bin (MCRA's delta). */
  static final float PRESENCE_RATIO = 5f;
  /** Smoothing of the per-bin speech presence indicator. */
  static final float PRESENCE_SMOOTHING = 0.2f;
  /** Smoothing of the noise average where speech is absent: about 10 frames, 100 ms. */
  static final float NOISE_SMOOTHING = 0.9f;
  /** Mean over minimum of the smoothed periodogram of Gaussian noise here; only the average's start uses it. */
  static final float MIN_BIAS = 2.72f;
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
  private static final int CHECK_EVERY_FRAMES = 500;

  private final int frames;
  private final float[] psd;

  private NoiseFloor(int frames, float[] psd) {
    this.frames = frames;
    this.psd = psd;
  }

  public static NoiseFloor track(Spectrogram spectrogram, Cancellation cancellation) {
    int frames = spectrogram.frames();
    float[] power = spectrogram.power();
    float[] out = new float[power.length];
    if (frames == 0) {
      return new NoiseFloor(0, out);
    }
    RunningMinimum minimum = new RunningMinimum();
    // forward: causal minimum into out
    System.arraycopy(power, 0, minimum.smoothed, 0, B);
    for (int t = 0; t < frames; t++) {
      if (t % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int base = t * B;
      if (t > 0) {
        minimum.smooth(power, base);
      }
      minimum.writeMinimum(out, base);
      minimum.advance();
    }
    // backward: anti-causal minimum, two-sided minimum, and the average where speech is absent
    minimum.reset();
    int lastBase = (frames - 1) * B;
    System.arraycopy(power, lastBase, minimum.smoothed, 0, B);
    float[] presence = new float[B];
    float[] noise = new float[B];
    for (int k = 0; k < B; k++) {
      noise[k] = MIN_BIAS * out[lastBase + k];
    }
    for (int t = frames - 1; t >= 0; t--) {
      if (t % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int base = t * B;
      if (t < frames - 1) {
        minimum.smooth(power, base);
      }
      minimum.averageWhereSpeechAbsent(power, out, base, presence, noise);
      minimum.advance();
    }
    return new NoiseFloor(frames, out);
  }

  public int frames() {
    return frames;
  }

  /** Flat frame-major noise PSD, laid out like {@link Spectrogram#power()}; read only. */
  public float[] psd() {
    return psd;
  }

  public float psd(int frame, int bin) {
    return psd[frame * B + bin];
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

    void smooth(float[] power, int base) {
      float a = SMOOTHING;
      float b = 1f - SMOOTHING;
      for (int k = 0; k < B; k++) {
        smoothed[k] = a * smoothed[k] + b * power[base + k];
      }
    }

    void writeMinimum(float[] out, int base) {
      for (int k = 0; k < B; k++) {
        float c = Math.min(smoothed[k], current[k]);
        current[k] = c;
        out[base + k] = Math.min(c, ringMin[k]);
      }
    }

    /** On entry out holds the causal minimum; on exit the noise PSD. */
    void averageWhereSpeechAbsent(float[] power, float[] out, int base, float[] presence, float[] noise) {
      for (int k = 0; k < B; k++) {
        float s = smoothed[k];
        float c = Math.min(s, current[k]);
        current[k] = c;
        float minimum = Math.max(out[base + k], Math.min(c, ringMin[k]));
        float present = s > PRESENCE_RATIO * minimum ? 1f - PRESENCE_SMOOTHING : 0f;
        float q = PRESENCE_SMOOTHING * presence[k] + present;
        presence[k] = q;
        float alpha = NOISE_SMOOTHING + (1f - NOISE_SMOOTHING) * q;
        float n = Math.max(alpha * noise[k] + (1f - alpha) * power[base + k], MIN_SHARE * minimum);
        noise[k] = n;
        out[base + k] = Math.max(ABSENCE_BIAS * n, MIN_PSD);
      }
    }

    /** Ends a frame: closes the sub-window when it is full. */
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
