package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.audioinsight.audio.Cancellation;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a codec puts its PCM: each block is mixed to mono and resampled to {@link AudioDecoder#RATE} at once, so
 * only the 16 kHz output grows with the file, never the source-rate multichannel PCM. The output is capped at the
 * caller's longest duration: a small file that decodes to hours (a decode bomb) stops with
 * {@link Kind#TOO_LONG} as soon as it passes the limit. Cancellation is checked every
 * {@link #CHECK_EVERY} output samples. One decode, one thread.
 */
final class MonoSink implements StreamingResampler.Output {

  /** Output samples between cancellation checks: about 0.5 s of audio, well under a millisecond of decoding. */
  static final int CHECK_EVERY = 8_192;
  /** As many as WAV allows; the codecs allow fewer. */
  private static final int MAX_CHANNELS = WavFormat.MAX_CHANNELS;
  /**
   * The largest sample magnitude passed on: lossy decoders overshoot full scale a little, damaged ones wildly. The
   * same for every path into the engine (float WAVs: {@link SampleMixer}; live streams: {@link PcmStream}), so a
   * compressed job's decoded float WAV reads back as the very samples the synchronous decode gives.
   */
  static final float MAX_LEVEL = 2f;
  /**
   * A mono sample at or above this magnitude is clipped: 16-bit full scale (32767/32768) less half a step, so
   * 24-bit, 32-bit and float full scale count as well.
   */
  static final float CLIPPED_LEVEL = 32766.5f / 32768f;
  /** Output a resampled signal of exactly the limit may have beyond it: the resampler rounds its length up. */
  private static final int ROUNDING_SAMPLES = 16;

  private final double maxSeconds;
  private final long maxSamples;
  private final Cancellation cancellation;
  /** Non-null for a streaming decode: the output goes there and is only counted here. */
  private final SampleConsumer consumer;
  private int rate = -1;
  private int channels = -1;
  private long inputFrames;
  private StreamingResampler resampler;
  private float[] mono = new float[4_096];
  private float[] out = new float[16_384];
  private int outLen;
  private int sinceCheck;
  private long clippedSamples;
  /** One part of a signal decoded in parts ({@link Mp3Parts}): its first output's and first input's numbers. */
  private final long firstOutput;
  private final long firstInput;
  /** Outputs past this many are dropped (the next part's); {@code Long.MAX_VALUE} for a whole signal. */
  private final long maxOutputs;

  MonoSink(double maxSeconds, Cancellation cancellation) {
    this(maxSeconds, cancellation, null);
  }

  /** With a {@code consumer}, the output is streamed to it and {@link #finish} returns an empty array. */
  MonoSink(double maxSeconds, Cancellation cancellation, SampleConsumer consumer) {
    this(maxSeconds, cancellation, consumer, 0, 0, Long.MAX_VALUE);
  }

  /**
   * One part of a signal: its input starts at input sample {@code firstInput} of the whole signal, and it passes on
   * outputs {@code firstOutput} to {@code firstOutput + maxOutputs} of it, exactly those a sink of the whole signal
   * would (the resampler starts there, {@link StreamingResampler}); the duration limit is on the whole signal.
   */
  MonoSink(double maxSeconds, Cancellation cancellation, SampleConsumer consumer, long firstOutput, long firstInput,
           long maxOutputs) {
    this.maxSeconds = maxSeconds;
    this.cancellation = cancellation;
    this.consumer = consumer;
    this.firstOutput = firstOutput;
    this.firstInput = firstInput;
    this.maxOutputs = maxOutputs;
    double samples = Math.ceil(maxSeconds * AudioDecoder.RATE) + ROUNDING_SAMPLES;
    this.maxSamples = (long) Math.min(samples, Integer.MAX_VALUE - 8);
  }

  /** The stream's rate and channel count, before its first samples; a change later is a corrupt stream. */
  void start(int sampleRate, int channelCount) {
    if (rate < 0) {
      if (sampleRate < Resampler.MIN_RATE || sampleRate > Resampler.MAX_RATE) {
        throw new AudioFormatException(Kind.INVALID_FORMAT, "sample rate " + sampleRate + " Hz is outside the supported "
            + Resampler.MIN_RATE + ".." + Resampler.MAX_RATE + " Hz");
      }
      if (channelCount < 1 || channelCount > MAX_CHANNELS) {
        throw new AudioFormatException(Kind.INVALID_FORMAT,
            channelCount + " channels; 1.." + MAX_CHANNELS + " are supported");
      }
      rate = sampleRate;
      channels = channelCount;
      resampler = rate == AudioDecoder.RATE ? null
          : new StreamingResampler(rate, AudioDecoder.RATE, firstOutput, firstInput);
    } else if (sampleRate != rate || channelCount != channels) {
      throw new AudioFormatException(Kind.CORRUPT, "the stream changes from " + rate + " Hz, " + channels
          + " channels to " + sampleRate + " Hz, " + channelCount + " channels");
    }
  }

  boolean started() {
    return rate > 0;
  }

  int rate() {
    return rate;
  }

  int channels() {
    return channels;
  }

  /** The fraction of the mono samples received (at the source rate) that were clipped; 0 before any. */
  double clippingRatio() {
    return inputFrames > 0 ? (double) clippedSamples / inputFrames : 0;
  }

  /** Source-rate samples received so far. */
  long inputFrames() {
    return inputFrames;
  }

  /** Seconds of source audio received so far. */
  double seconds() {
    return rate > 0 ? inputFrames / (double) rate : 0;
  }

  /** Planar float channels ({@code ch[c][off + i]}), each sample multiplied by {@code scale}. */
  void planar(float[][] ch, int nch, int off, int n, float scale) {
    float[] m = monoBuffer(n);
    float s = scale / nch;
    if (nch == 1) {
      float[] a = ch[0];
      for (int i = 0; i < n; i++) {
        m[i] = a[off + i] * s;
      }
    } else if (nch == 2) {
      float[] a = ch[0];
      float[] b = ch[1];
      for (int i = 0; i < n; i++) {
        m[i] = (a[off + i] + b[off + i]) * s;
      }
    } else {
      for (int i = 0; i < n; i++) {
        float acc = 0;
        for (int c = 0; c < nch; c++) {
          acc += ch[c][off + i];
        }
        m[i] = acc * s;
      }
    }
    push(m, n);
  }

  /** Planar integer channels of {@code bits} bits (FLAC). */
  void planarInt(int[][] ch, int nch, int n, int bits) {
    float[] m = monoBuffer(n);
    float s = 1f / (1L << (bits - 1)) / nch;
    for (int i = 0; i < n; i++) {
      long acc = 0;
      for (int c = 0; c < nch; c++) {
        acc += ch[c][i];
      }
      m[i] = acc * s;
    }
    push(m, n);
  }

  /** Interleaved 16-bit frames starting at {@code off}. */
  void interleaved16(short[] x, int off, int frames, int nch) {
    float[] m = monoBuffer(frames);
    float s = 1f / 32768f / nch;
    for (int i = 0, k = off; i < frames; i++) {
      int acc = 0;
      for (int c = 0; c < nch; c++) {
        acc += x[k++];
      }
      m[i] = acc * s;
    }
    push(m, frames);
  }

  /**
   * A whole mono signal at the source rate (the WAV decoder's output), as the only input: resampled in one pass by
   * {@link Resampler}, without the streaming resampler's copy of the input.
   */
  void whole(float[] x) {
    if (rate < 0 || inputFrames > 0 || outLen > 0) {
      throw new IllegalStateException("whole() takes the only input, after start()");
    }
    inputFrames = x.length;
    long clipped = 0;
    for (float v : x) {
      clipped += Math.abs(v) >= CLIPPED_LEVEL ? 1 : 0;
    }
    clippedSamples = clipped;
    float[] y = Resampler.toRate(x, rate, AudioDecoder.RATE, cancellation);
    checkLimit(y.length);
    if (consumer != null) {
      consumer.accept(y, 0, y.length);
      outLen = y.length;
      return;
    }
    out = y;
    outLen = y.length;
  }

  private float[] monoBuffer(int n) {
    if (mono.length < n) {
      mono = new float[Math.max(n, mono.length * 2)];
    }
    return mono;
  }

  private void push(float[] m, int n) {
    if (rate < 0) {
      throw new AudioFormatException(Kind.CORRUPT, "samples arrive before the stream's format");
    }
    long clipped = 0;
    for (int i = 0; i < n; i++) {
      float v = m[i];
      clipped += Math.abs(v) >= CLIPPED_LEVEL ? 1 : 0;
      if (!(v >= -MAX_LEVEL && v <= MAX_LEVEL)) { // a damaged stream's NaN, infinity or wild value
        m[i] = Float.isNaN(v) ? 0 : Math.copySign(MAX_LEVEL, v);
      }
    }
    clippedSamples += clipped;
    inputFrames += n;
    if (resampler == null) {
      accept(m, 0, n);
    } else {
      resampler.push(m, n, this);
    }
  }

  /** Output passed on so far. */
  long outputs() {
    return outLen;
  }

  /** Output at 16 kHz, from the resampler or straight from {@link #push}. */
  @Override
  public void accept(float[] y, int off, int n) {
    if (outLen + n > maxOutputs) {
      n = (int) (maxOutputs - outLen); // the next part's
      if (n == 0) {
        return;
      }
    }
    checkLimit(n);
    // the resampler can ring past the limit near it: cut here too, so every path's output (and a compressed job's
    // float WAV, read back through SampleMixer) stays within it
    for (int i = off; i < off + n; i++) {
      if (Math.abs(y[i]) > MAX_LEVEL) {
        y[i] = Math.copySign(MAX_LEVEL, y[i]);
      }
    }
    if (consumer != null) {
      consumer.accept(y, off, n);
    } else {
      append(y, off, n);
    }
    outLen += n;
    sinceCheck += n;
    if (sinceCheck >= CHECK_EVERY) {
      sinceCheck = 0;
      cancellation.throwIfCancelled();
    }
  }

  private void append(float[] y, int off, int n) {
    if (outLen + n > out.length) {
      out = Arrays.copyOf(out, (int) Math.min(maxSamples, Math.max(outLen + n, 2L * out.length)));
    }
    System.arraycopy(y, off, out, outLen, n);
  }

  private void checkLimit(int more) {
    if (firstOutput + outLen + (long) more > maxSamples) {
      throw new AudioFormatException(Kind.TOO_LONG, String.format(Locale.ROOT,
          "the audio is longer than the limit of %.1f s (decoding stopped there)", maxSeconds));
    }
  }

  /** The whole 16 kHz mono output (empty for a streaming decode, whose output went to its consumer). */
  float[] finish() {
    if (resampler != null) {
      resampler.flush(this);
    }
    if (consumer != null) {
      return new float[0];
    }
    return outLen == out.length ? out : Arrays.copyOf(out, outLen);
  }
}
