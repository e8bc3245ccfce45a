package io.audioinsight.audio;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Short-time power spectrum of a 16 kHz mono signal: 25 ms Hann window, 10 ms hop, 512-point real FFT.
 * Computed once per request and shared by every stage (VAD, SNR, speakers).
 *
 * <p>Frame {@code i} covers samples {@code [i*HOP, i*HOP + WINDOW)}, zero-padded past the end, so there is
 * one frame per started 10 ms of audio. Power is stored frame-major in one flat array: bin {@code k} of
 * frame {@code i} is {@code power[i * BINS + k]}. Immutable after construction; the array is shared, not
 * copied, so callers must not write to it.
 */
public final class Spectrogram {

  public static final int SAMPLE_RATE = 16_000;
  public static final int WINDOW = 400;
  public static final int HOP = 160;
  public static final int FFT_SIZE = 512;
  public static final int BINS = FFT_SIZE / 2 + 1;
  public static final double FRAME_SECONDS = (double) HOP / SAMPLE_RATE;

  private static final float[] HANN = hann(WINDOW);
  /** Frames between cancellation checks: ~2 s of audio, far under 100 ms of work. */
  private static final int CHECK_EVERY_FRAMES = 200;

  private final int frames;
  private final float[] power;
  private final float[] framePower;

  private Spectrogram(int frames, float[] power, float[] framePower) {
    this.frames = frames;
    this.power = power;
    this.framePower = framePower;
  }

  /** Computes the power spectrogram of {@code samples} (16 kHz mono). */
  public static Spectrogram of(float[] samples, Cancellation cancellation) {
    int frames = (samples.length + HOP - 1) / HOP;
    float[] power = new float[frames * BINS];
    float[] framePower = new float[frames];
    FloatFFT_1D fft = new FloatFFT_1D(FFT_SIZE);
    float[] buf = new float[FFT_SIZE];
    for (int f = 0; f < frames; f++) {
      if (f % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int start = f * HOP;
      int n = Math.min(WINDOW, samples.length - start);
      for (int i = 0; i < n; i++) {
        buf[i] = samples[start + i] * HANN[i];
      }
      java.util.Arrays.fill(buf, n, FFT_SIZE, 0f);
      fft.realForward(buf);
      // JTransforms packs DC in buf[0] and Nyquist in buf[1], then (re, im) pairs.
      int base = f * BINS;
      power[base] = buf[0] * buf[0];
      power[base + BINS - 1] = buf[1] * buf[1];
      for (int k = 1; k < BINS - 1; k++) {
        float re = buf[2 * k];
        float im = buf[2 * k + 1];
        power[base + k] = re * re + im * im;
      }
      // summed here, while the frame is in cache, rather than in another pass over the whole array
      framePower[f] = ParsevalSum.of(power, base);
    }
    return new Spectrogram(frames, power, framePower);
  }

  public int frames() {
    return frames;
  }

  /** The flat frame-major power array; read only. */
  public float[] power() {
    return power;
  }

  /**
   * Power of each frame: its bins summed, DC and Nyquist counting half (Parseval for a real FFT); read only.
   */
  public float[] framePower() {
    return framePower;
  }

  public float power(int frame, int bin) {
    return power[frame * BINS + bin];
  }

  /** Centre frequency of {@code bin} in Hz. */
  public static double binHz(int bin) {
    return (double) bin * SAMPLE_RATE / FFT_SIZE;
  }

  /** A periodic Hann window of {@code n} samples (the spectrogram's, and the speaker stage's band measure). */
  public static float[] hann(int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
    }
    return w;
  }
}
