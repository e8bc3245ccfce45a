package io.audioinsight.audio.noise;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import java.util.Arrays;

/**
 * Noise power spectral density per frame and bin, tracked by minimum statistics in both time directions.
 *
 * <p>Each bin's power is smoothed recursively and its minimum taken over about one second before the frame
 * (causal) and one second after it (anti-causal); the estimate is the larger of the two, times a bias
 * factor that turns the minimum of the smoothed periodogram into its mean. Speech rarely keeps a bin busy
 * for a whole second, so at least one side finds the noise even in speech with almost no pauses. The
 * larger of the two sides follows a step in the noise level in either direction without the usual
 * one-window lag (a noise onset is seen at once by the anti-causal side, a noise stop by the causal one).
 * Steady tones such as mains hum are stationary, so they become part of the floor of their bins.
 *
 * <p>Memory: one float per frame and bin (like the spectrogram) plus a few arrays per bin.
 */
public final class NoiseFloor {

  /** Recursive smoothing of the power per 10 ms frame before the minimum is taken. */
  static final float SMOOTHING = 0.7f;
  /** Frames per sub-window of the running minimum. */
  static final int SUBWINDOW = 10;
  /** Sub-windows kept: the minimum spans 0.9 to 1.0 s on each side. */
  static final int SUBWINDOWS = 10;
  /**
   * Mean / minimum of the smoothed periodogram of Gaussian noise for these settings and the spectrogram's
   * overlap, measured on white noise (see NoiseFloorTest#estimatesTheMeanPowerOfStationaryNoise).
   */
  static final float BIAS = 2.72f;
  /** Smoothed power above this multiple of the minimum means speech in the bin (MCRA's delta). */
  static final float PRESENCE_RATIO = 5f;
  /** Smoothing of the per-bin speech presence indicator. */
  static final float PRESENCE_SMOOTHING = 0.2f;
  /** Smoothing of the noise average where speech is absent: about 10 frames, 100 ms. */
  static final float NOISE_SMOOTHING = 0.9f;
  /** Lowest noise PSD reported: white noise at about -120 dBFS, so ratios against it stay finite. */
  public static final float MIN_PSD = 1.5e-10f;
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
    if (frames > 0) {
      Tracker tracker = new Tracker();
      tracker.reset();
      for (int t = 0; t < frames; t++) {
        if (t % CHECK_EVERY_FRAMES == 0) {
          cancellation.throwIfCancelled();
        }
        tracker.step(power, out, t, t == 0, false);
      }
      tracker.reset();
      for (int t = frames - 1; t >= 0; t--) {
        if (t % CHECK_EVERY_FRAMES == 0) {
          cancellation.throwIfCancelled();
        }
        tracker.step(power, out, t, t == frames - 1, true);
      }
      averageWhereSpeechAbsent(power, out, frames, cancellation);
    }
    return new NoiseFloor(frames, out);
  }

  /**
   * MCRA step (Cohen and Berdugo 2002): a bin holds speech when its smoothed power exceeds
   * {@link #PRESENCE_RATIO} times its minimum; the noise estimate is a recursive average of the power that
   * moves only as far as speech is absent. Unlike a scaled minimum it is unbiased for any noise
   * distribution (a steady tone included), and a bin that speech dominates keeps its last noise value
   * instead of rising with the speech. On entry {@code out} holds the minima; on exit the noise PSD.
   */
  private static void averageWhereSpeechAbsent(float[] power, float[] out, int frames, Cancellation cancellation) {
    int b = Spectrogram.BINS;
    float[] smoothed = new float[b];
    float[] presence = new float[b];
    float[] noise = new float[b];
    System.arraycopy(power, 0, smoothed, 0, b);
    for (int k = 0; k < b; k++) {
      noise[k] = Math.max(BIAS * out[k], MIN_PSD);
    }
    float a = SMOOTHING;
    for (int t = 0; t < frames; t++) {
      if (t % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int base = t * b;
      for (int k = 0; k < b; k++) {
        float p = power[base + k];
        float s = a * smoothed[k] + (1f - a) * p;
        smoothed[k] = s;
        float present = s > PRESENCE_RATIO * out[base + k] ? 1f : 0f;
        float q = PRESENCE_SMOOTHING * presence[k] + (1f - PRESENCE_SMOOTHING) * present;
        presence[k] = q;
        float alpha = NOISE_SMOOTHING + (1f - NOISE_SMOOTHING) * q;
        float n = alpha * noise[k] + (1f - alpha) * p;
        noise[k] = n;
        out[base + k] = Math.max(n, MIN_PSD);
      }
    }
  }

  public int frames() {
    return frames;
  }

  /** Flat frame-major noise PSD, laid out like {@link Spectrogram#power()}; read only. */
  public float[] psd() {
    return psd;
  }

  public float psd(int frame, int bin) {
    return psd[frame * Spectrogram.BINS + bin];
  }

  /** Running-minimum state for all bins, walked over the frames in one direction. */
  private static final class Tracker {
    private static final int B = Spectrogram.BINS;
    private final float[] smoothed = new float[B];
    private final float[] current = new float[B];
    private final float[] ring = new float[SUBWINDOWS * B];
    private final float[] ringMin = new float[B];
    private int slot;
    private int stepsInSubwindow;

    void reset() {
      Arrays.fill(current, Float.POSITIVE_INFINITY);
      Arrays.fill(ring, Float.POSITIVE_INFINITY);
      Arrays.fill(ringMin, Float.POSITIVE_INFINITY);
      slot = 0;
      stepsInSubwindow = 0;
    }

    /** Forward: writes the causal minimum. Backward: combines with it into the final estimate. */
    void step(float[] power, float[] out, int t, boolean first, boolean backward) {
      int base = t * B;
      if (first) {
        System.arraycopy(power, base, smoothed, 0, B);
      } else {
        smooth(power, base);
      }
      if (backward) {
        combine(out, base);
      } else {
        writeCausal(out, base);
      }
      if (++stepsInSubwindow == SUBWINDOW) {
        stepsInSubwindow = 0;
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

    // The loops below are split by direction and written with Math.min/max (intrinsics) so that C2 can vectorise them.

    private void smooth(float[] power, int base) {
      float a = SMOOTHING;
      float b = 1f - SMOOTHING;
      for (int k = 0; k < B; k++) {
        smoothed[k] = a * smoothed[k] + b * power[base + k];
      }
    }

    private void writeCausal(float[] out, int base) {
      for (int k = 0; k < B; k++) {
        float c = Math.min(smoothed[k], current[k]);
        current[k] = c;
        out[base + k] = Math.min(c, ringMin[k]);
      }
    }

    private void combine(float[] out, int base) {
      for (int k = 0; k < B; k++) {
        float c = Math.min(smoothed[k], current[k]);
        current[k] = c;
        float anticausal = Math.min(c, ringMin[k]);
        out[base + k] = Math.max(out[base + k], anticausal);
      }
    }
  }
}
