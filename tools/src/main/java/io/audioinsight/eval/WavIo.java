package io.audioinsight.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The corpus tools' own small WAV writer and reader: PCM 16/24-bit and IEEE float 32-bit, any channel count.
 * The reader is only for trusted files (espeak-ng/sox output, files this class wrote); the engine has the
 * hardened decoder.
 */
public final class WavIo {

  /** Sample encodings the corpus writes. */
  public enum Encoding {
    PCM16(1, 16),
    PCM24(1, 24),
    FLOAT32(3, 32);

    final int formatTag;
    final int bits;

    Encoding(int formatTag, int bits) {
      this.formatTag = formatTag;
      this.bits = bits;
    }

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Mono samples and the rate they were read at. */
  public record Audio(float[] samples, int sampleRate, int channels) {}

  private WavIo() {}

  /** A mono WAV file. */
  public static byte[] write(float[] mono, int sampleRate, Encoding encoding) {
    return write(new float[][] {mono}, sampleRate, encoding);
  }

  /**
   * A WAV file with one channel per row of {@code channels} (rows of equal length). PCM samples are clipped
   * to full scale, which is how the clipped edge file gets its clipping.
   */
  public static byte[] write(float[][] channels, int sampleRate, Encoding encoding) {
    int nch = channels.length;
    int frames = channels[0].length;
    int bytesPerSample = encoding.bits / 8;
    int blockAlign = nch * bytesPerSample;
    long dataBytes = (long) frames * blockAlign;
    if (dataBytes > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("too long for a WAV file");
    }
    ByteBuffer b = ByteBuffer.allocate(44 + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(36 + (int) dataBytes).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(16).putShort((short) encoding.formatTag).putShort((short) nch)
        .putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign)
        .putShort((short) encoding.bits);
    b.put(ascii("data")).putInt((int) dataBytes);
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < nch; c++) {
        float v = channels[c][i];
        switch (encoding) {
          case PCM16 -> b.putShort((short) toInt(v, 32767));
          case PCM24 -> {
            int s = toInt(v, 8_388_607);
            b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
          }
          case FLOAT32 -> b.putFloat(v);
        }
      }
    }
    return b.array();
  }

  /** Scales by 2^(bits-1), as the reader divides, and clips to the integer range. */
  private static int toInt(float v, int maxPositive) {
    long s = Math.round((double) v * (maxPositive + 1L));
    return (int) Math.max(-maxPositive - 1L, Math.min(maxPositive, s));
  }

  /** Reads a trusted PCM16/24 or float32 WAV, channels averaged to mono. */
  public static Audio read(byte[] wav) {
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new IllegalArgumentException("not a RIFF/WAVE file");
    }
    int pos = 12;
    int formatTag = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    while (pos + 8 <= wav.length) {
      int id = b.getInt(pos);
      long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
      int body = pos + 8;
      if (id == 0x20746d66) { // "fmt "
        formatTag = b.getShort(body) & 0xFFFF;
        channels = b.getShort(body + 2);
        rate = b.getInt(body + 4);
        bits = b.getShort(body + 14);
        if (formatTag == 0xFFFE && size >= 40) {
          formatTag = b.getShort(body + 24) & 0xFFFF; // sub-format GUID starts with the format tag
        }
      } else if (id == 0x61746164) { // "data"
        if (formatTag < 0) {
          throw new IllegalArgumentException("data before fmt");
        }
        int bytes = (int) Math.min(size, wav.length - body);
        return new Audio(samples(b, body, bytes, formatTag, channels, bits), rate, channels);
      }
      pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
    }
    throw new IllegalArgumentException("no data chunk");
  }

  private static float[] samples(ByteBuffer b, int offset, int bytes, int formatTag, int channels, int bits) {
    int bps = bits / 8;
    int frames = bytes / (bps * channels);
    float[] mono = new float[frames];
    for (int i = 0; i < frames; i++) {
      double acc = 0;
      for (int c = 0; c < channels; c++) {
        int p = offset + (i * channels + c) * bps;
        acc += switch (bits) {
          case 16 -> b.getShort(p) / 32768.0;
          case 24 -> ((b.get(p) & 0xFF) | ((b.get(p + 1) & 0xFF) << 8) | (b.get(p + 2) << 16)) / 8_388_608.0;
          case 32 -> formatTag == 3 ? b.getFloat(p) : b.getInt(p) / 2_147_483_648.0;
          default -> throw new IllegalArgumentException("unsupported bits: " + bits);
        };
      }
      mono[i] = (float) (acc / channels);
    }
    return mono;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
