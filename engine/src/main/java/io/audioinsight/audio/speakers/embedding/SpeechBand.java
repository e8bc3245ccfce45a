package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Whether speech is narrowband (telephone, or any source sampled at 8 kHz): its power above
 * {@link #HIGH_BAND_HZ} is under {@link #NARROWBAND_DB} of its total. Band-limited voices sound more alike to the
 * embedding, so they are counted with the threshold calibrated on telephone-band conversations
 * ({@link CountingParameters#narrowbandThreshold}).
 *
 * <p>Measured on the joined speech the windows are cut from, so a file and a job that counts the same speech
 * decide alike; a long job's chunks add their sums ({@link Sums#plus}). The edge sits above the decoder's resampling
 * filter: white noise sampled at 8 kHz comes out of it with -21 dB of its power above 4.0 kHz, -36 dB above 4.2 and
 * -62 dB above 4.4 (measured once with the decoder; SpeechBandTest checks the decision). Speech sampled at 16 kHz
 * or more keeps fricatives, breath and room noise up there, typically -15 to -45 dB; a wideband file whose voices
 * all come from 8 kHz recordings is narrowband speech, and is counted as such (docs/BENCHMARKS.md, issue 16).
 */
final class SpeechBand {

  /** Lower edge of the high band: above 8 kHz sampling's 4 kHz and the decoder's resampling filter's transition. */
  static final double HIGH_BAND_HZ = 4_400;
  /** Power above HIGH_BAND_HZ, relative to the total, under which speech is narrowband, in dB. */
  static final double NARROWBAND_DB = -50;
  private static final int BLOCK = 512;
  /** Blocks measured, about (evenly spread, under twice this): 13 s of speech is plenty for a bandwidth. */
  private static final int MAX_BLOCKS = 400;
  private static final int FIRST_HIGH_BIN = (int) Math.ceil(HIGH_BAND_HZ * BLOCK / 16_000.0);
  private static final float[] HANN = Spectrogram.hann(BLOCK);

  private SpeechBand() {}

  /**
   * Power sums of some speech, high band and total (arbitrary units).
   *
   * @param high  power at and above {@link #HIGH_BAND_HZ}
   * @param total power in every bin
   */
  record Sums(double high, double total) {
    static final Sums NONE = new Sums(0, 0);

    Sums plus(Sums other) {
      return new Sums(high + other.high, total + other.total);
    }

    /** No power at all (digital silence) counts as wideband: there is nothing to say it is not. */
    boolean narrowband() {
      return total > 0 && high <= total * Math.pow(10, NARROWBAND_DB / 10);
    }
  }

  /**
   * The sums over blocks of 512 samples of {@code speech} (16 kHz), Hann-windowed, every k-th block so that about
   * MAX_BLOCKS are measured. Blocks may span a join of two speech segments (a small step: at most a few dB of
   * spread above 4.4 kHz on very choppy speech, which then counts as wideband, the behaviour without this rule).
   */
  static Sums of(float[] speech, Cancellation cancellation) {
    int blocks = speech.length / BLOCK;
    if (blocks == 0) {
      return Sums.NONE;
    }
    int step = Math.max(1, blocks / MAX_BLOCKS);
    FloatFFT_1D fft = new FloatFFT_1D(BLOCK);
    float[] buf = new float[BLOCK];
    double high = 0;
    double total = 0;
    for (int b = 0; b < blocks; b += step) {
      cancellation.throwIfCancelled();
      int base = b * BLOCK;
      for (int i = 0; i < BLOCK; i++) {
        float v = speech[base + i];
        buf[i] = Float.isFinite(v) ? v * HANN[i] : 0f;
      }
      fft.realForward(buf);
      // realForward packs DC in buf[0] and Nyquist in buf[1], then (re, im) per bin
      total += (double) buf[0] * buf[0];
      double nyquist = (double) buf[1] * buf[1];
      total += nyquist;
      high += nyquist;
      for (int k = 1; k < BLOCK / 2; k++) {
        double p = (double) buf[2 * k] * buf[2 * k] + (double) buf[2 * k + 1] * buf[2 * k + 1];
        total += p;
        if (k >= FIRST_HIGH_BIN) {
          high += p;
        }
      }
    }
    return new Sums(high, total);
  }
}
