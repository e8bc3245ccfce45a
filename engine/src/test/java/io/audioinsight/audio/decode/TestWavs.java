package io.audioinsight.audio.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes WAV files in memory for tests: every format the decoder reads, plus the raw pieces (chunks, fmt bodies)
 * to build malformed files. Reusable by any test that needs audio bytes.
 *
 * <pre>{@code
 * byte[] wav = TestWavs.write(TestWavs.Format.PCM_16, 16_000, TestWavs.tone(440, 16_000, 1.0, 0.5));
 * byte[] stereo = TestWavs.write(TestWavs.Format.FLOAT_32, 48_000, left, right);
 * }</pre>
 */
public final class TestWavs {

  /** Sample formats, each with its WAVE format tag and container size. */
  public enum Format {
    PCM_U8(1, 8),
    PCM_16(1, 16),
    PCM_24(1, 24),
    PCM_32(1, 32),
    FLOAT_32(3, 32),
    FLOAT_64(3, 64),
    A_LAW(6, 8),
    MU_LAW(7, 8);

    public final int tag;
    public final int bits;

    Format(int tag, int bits) {
      this.tag = tag;
      this.bits = bits;
    }
  }

  private TestWavs() {}

  /** A mono 16-bit PCM file. */
  public static byte[] pcm16(int rate, float[] mono) {
    return write(Format.PCM_16, rate, mono);
  }

  /** A plain (WAVE_FORMAT_PCM/IEEE_FLOAT/ALAW/MULAW) file; one array per channel, all the same length. */
  public static byte[] write(Format format, int rate, float[]... channels) {
    return riff(fmtChunk(format, channels.length, rate, false), chunk("data", samples(format, channels)));
  }

  /** The same audio in a WAVE_FORMAT_EXTENSIBLE fmt chunk whose subformat GUID carries {@code format}'s tag. */
  public static byte[] writeExtensible(Format format, int rate, float[]... channels) {
    return riff(fmtChunk(format, channels.length, rate, true), chunk("data", samples(format, channels)));
  }

  /** "RIFF" + size + "WAVE" + the given chunks (each already padded by {@link #chunk}). */
  public static byte[] riff(byte[]... chunks) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(ascii("WAVE"));
    for (byte[] c : chunks) {
      body.writeBytes(c);
    }
    return concat(ascii("RIFF"), le32(body.size()), body.toByteArray());
  }

  /** A chunk with its true size, plus the pad byte when the size is odd. */
  public static byte[] chunk(String id, byte[] body) {
    return chunkWithSize(id, body.length & 0xFFFF_FFFFL, body, (body.length & 1) == 1);
  }

  /** A chunk whose header claims {@code declaredSize} (which may lie), followed by {@code body} and an optional pad. */
  public static byte[] chunkWithSize(String id, long declaredSize, byte[] body, boolean pad) {
    return concat(ascii(id), le32(declaredSize), body, pad ? new byte[1] : new byte[0]);
  }

  /** A fmt chunk for {@code format} with consistent byte rate and block align. */
  public static byte[] fmtChunk(Format format, int channels, int rate, boolean extensible) {
    int align = channels * format.bits / 8;
    if (!extensible) {
      return chunk("fmt ", fmtBody(format.tag, channels, rate, rate * align, align, format.bits));
    }
    return chunk("fmt ", extensibleFmtBody(format.tag, channels, rate, format.bits, guid(format.tag)));
  }

  /** A 16-byte fmt body with every field given explicitly (for malformed headers). */
  public static byte[] fmtBody(int tag, int channels, long rate, long byteRate, int blockAlign, int bits) {
    ByteBuffer bb = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    bb.putShort((short) tag).putShort((short) channels).putInt((int) rate).putInt((int) byteRate)
        .putShort((short) blockAlign).putShort((short) bits);
    return bb.array();
  }

  /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt body with the given 16-byte subformat GUID. */
  public static byte[] extensibleFmtBody(int subTag, int channels, int rate, int bits, byte[] subformatGuid) {
    int align = channels * bits / 8;
    ByteBuffer bb = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(fmtBody(0xFFFE, channels, rate, (long) rate * align, align, bits));
    bb.putShort((short) 22).putShort((short) bits).putInt(channels == 1 ? 0x4 : 0x3).put(subformatGuid);
    return bb.array();
  }

  /** The standard KSDATAFORMAT_SUBTYPE GUID for a format tag: {tag-0000-0010-8000-00AA00389B71}. */
  public static byte[] guid(int tag) {
    return new byte[] {
      (byte) tag, (byte) (tag >> 8), 0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71
    };
  }

  /** Interleaved sample bytes of {@code channels} in {@code format}. Values are clipped to [-1, 1]. */
  public static byte[] samples(Format format, float[]... channels) {
    int frames = channels.length == 0 ? 0 : channels[0].length;
    ByteBuffer bb = ByteBuffer.allocate(frames * channels.length * format.bits / 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      for (float[] channel : channels) {
        double v = Math.max(-1.0, Math.min(1.0, channel[i]));
        switch (format) {
          case PCM_U8:
            bb.put((byte) (clampRound(v * 128, -128, 127) + 128));
            break;
          case PCM_16:
            bb.putShort((short) clampRound(v * 32768, -32768, 32767));
            break;
          case PCM_24:
            int s24 = (int) clampRound(v * 8388608, -8388608, 8388607);
            bb.put((byte) s24).put((byte) (s24 >> 8)).put((byte) (s24 >> 16));
            break;
          case PCM_32:
            bb.putInt((int) clampRound(v * 2147483648.0, Integer.MIN_VALUE, Integer.MAX_VALUE));
            break;
          case FLOAT_32:
            bb.putFloat((float) v);
            break;
          case FLOAT_64:
            bb.putDouble(channel[i]);
            break;
          case A_LAW:
            bb.put(linearToALaw((int) clampRound(v * 32768, -32768, 32767)));
            break;
          default:
            bb.put(linearToMuLaw((int) clampRound(v * 32768, -32768, 32767)));
            break;
        }
      }
    }
    return bb.array();
  }

  /** A sine of {@code amplitude} at {@code hz}. */
  public static float[] tone(double hz, int rate, double seconds, double amplitude) {
    float[] x = new float[(int) Math.round(seconds * rate)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return x;
  }

  /** G.711 mu-law encoder (the reference g711.c algorithm: bias 0x84, clip 32635). */
  public static byte linearToMuLaw(int pcm) {
    int mask = pcm < 0 ? 0x7F : 0xFF;
    int mag = Math.min(pcm < 0 ? -pcm : pcm, 32635) + 0x84;
    int seg = segment(mag >> 7);
    return (byte) (((seg << 4) | ((mag >> (seg + 3)) & 0x0F)) ^ mask);
  }

  /** G.711 A-law encoder (the reference g711.c algorithm, on the 13-bit magnitude). */
  public static byte linearToALaw(int pcm) {
    int mask = pcm >= 0 ? 0xD5 : 0x55;
    int mag = (pcm >= 0 ? pcm : -pcm - 1) >> 3;
    int seg = 0;
    while (seg < 8 && mag > (0x20 << seg) - 1) {
      seg++;
    }
    if (seg >= 8) {
      return (byte) (0x7F ^ mask);
    }
    int aval = seg << 4;
    aval |= seg < 2 ? (mag >> 1) & 0x0F : (mag >> seg) & 0x0F;
    return (byte) (aval ^ mask);
  }

  private static int segment(int v) {
    int seg = 0;
    while (v > 1 && seg < 7) {
      v >>= 1;
      seg++;
    }
    return seg;
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] le32(long v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static long clampRound(double v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, Math.round(v)));
  }
}
