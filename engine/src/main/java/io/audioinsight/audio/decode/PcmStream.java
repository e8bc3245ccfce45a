package io.audioinsight.audio.decode;

import java.util.Arrays;

/**
 * Raw interleaved PCM arriving in pieces of any size (a live stream's binary messages) to 16 kHz mono floats:
 * the same mixing and scaling as the WAV decoder's {@link MonoSink} and the same polyphase filter as
 * {@link Resampler}, fed block by block. A sample frame split across two pieces is kept until its last byte
 * arrives, so how the bytes are cut never changes the output. Not thread-safe: one instance per stream, used by
 * one thread at a time.
 */
public final class PcmStream implements StreamingResampler.Output {

  /** The sample encodings a stream may declare. */
  public enum Encoding {
    PCM_S16LE(2), PCM_F32LE(4);

    public final int bytesPerSample;

    Encoding(int bytesPerSample) {
      this.bytesPerSample = bytesPerSample;
    }

    /** The wire name, e.g. {@code pcm_s16le}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The encoding with this wire name, or null. */
    public static Encoding byWireName(String name) {
      for (Encoding e : values()) {
        if (e.wireName().equals(name)) {
          return e;
        }
      }
      return null;
    }
  }

  /** Thrown for a float sample that is NaN or infinite: a broken client, not audio. */
  public static final class NonFiniteSampleException extends RuntimeException {
    NonFiniteSampleException(long frame) {
      super("sample frame " + frame + " is not a finite number");
    }
  }

  private final Encoding encoding;
  private final int channels;
  private final int frameBytes;
  private final StreamingResampler resampler;
  /** Bytes of an incomplete sample frame carried to the next piece. */
  private final byte[] carry;
  private int carryLen;
  private long framesIn;
  private float[] mono = new float[1_024];
  private float[] out = new float[1_024];
  private int outLen;

  public PcmStream(Encoding encoding, int sampleRate, int channels) {
    if (sampleRate < Resampler.MIN_RATE || sampleRate > Resampler.MAX_RATE) {
      throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside "
          + Resampler.MIN_RATE + ".." + Resampler.MAX_RATE);
    }
    if (channels < 1 || channels > WavFormat.MAX_CHANNELS) {
      throw new IllegalArgumentException(channels + " channels; 1.." + WavFormat.MAX_CHANNELS + " are supported");
    }
    this.encoding = encoding;
    this.channels = channels;
    this.frameBytes = encoding.bytesPerSample * channels;
    this.carry = new byte[frameBytes];
    this.resampler = sampleRate == AudioDecoder.RATE ? null : new StreamingResampler(sampleRate, AudioDecoder.RATE);
  }

  /** Source sample frames received so far (complete ones). */
  public long framesIn() {
    return framesIn;
  }

  /**
   * Decodes {@code len} bytes and returns the 16 kHz mono samples they complete (possibly none; the array is
   * reused by the next call, its first {@link #available()} entries are valid).
   *
   * @throws NonFiniteSampleException for a {@code pcm_f32le} sample that is NaN or infinite
   */
  public float[] push(byte[] bytes, int off, int len) {
    outLen = 0;
    int pos = off;
    int end = off + len;
    if (carryLen > 0) {
      int take = Math.min(frameBytes - carryLen, len);
      System.arraycopy(bytes, pos, carry, carryLen, take);
      carryLen += take;
      pos += take;
      if (carryLen < frameBytes) {
        return out;
      }
      mix(carry, 0, 1);
      carryLen = 0;
    }
    int frames = (end - pos) / frameBytes;
    if (frames > 0) {
      mix(bytes, pos, frames);
      pos += frames * frameBytes;
    }
    carryLen = end - pos;
    System.arraycopy(bytes, pos, carry, 0, carryLen);
    return out;
  }

  /** The end of the stream: the resampler's last outputs (silence after the input, as {@link Resampler}). */
  public float[] flush() {
    outLen = 0;
    if (resampler != null) {
      resampler.flush(this);
    }
    return out;
  }

  /** Valid samples in the array the last {@link #push} or {@link #flush} returned. */
  public int available() {
    return outLen;
  }

  private void mix(byte[] b, int off, int frames) {
    if (mono.length < frames) {
      mono = new float[Math.max(frames, 2 * mono.length)];
    }
    int k = off;
    if (encoding == Encoding.PCM_S16LE) {
      float s = 1f / 32768f / channels;
      for (int i = 0; i < frames; i++) {
        int acc = 0;
        for (int c = 0; c < channels; c++) {
          acc += (short) ((b[k] & 0xff) | (b[k + 1] << 8));
          k += 2;
        }
        mono[i] = acc * s;
      }
    } else {
      float s = 1f / channels;
      for (int i = 0; i < frames; i++) {
        float acc = 0;
        for (int c = 0; c < channels; c++) {
          float v = Float.intBitsToFloat((b[k] & 0xff) | (b[k + 1] & 0xff) << 8 | (b[k + 2] & 0xff) << 16 | b[k + 3] << 24);
          if (!Float.isFinite(v)) {
            throw new NonFiniteSampleException(framesIn + i);
          }
          acc += v;
          k += 4;
        }
        float m = acc * s;
        mono[i] = Math.abs(m) <= MonoSink.MAX_LEVEL ? m : Math.copySign(MonoSink.MAX_LEVEL, m);
      }
    }
    framesIn += frames;
    if (resampler == null) {
      accept(mono, 0, frames);
    } else {
      resampler.push(mono, frames, this);
    }
  }

  @Override
  public void accept(float[] y, int off, int n) {
    if (outLen + n > out.length) {
      out = Arrays.copyOf(out, Math.max(outLen + n, 2 * out.length));
    }
    System.arraycopy(y, off, out, outLen, n);
    outLen += n;
  }
}
