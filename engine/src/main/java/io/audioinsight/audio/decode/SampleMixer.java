package io.audioinsight.audio.decode;

/**
 * Converts interleaved frames straight from the file bytes to mono floats, averaging the channels. One loop per
 * sample format, with index arithmetic on the byte array and no intermediate buffers.
 */
final class SampleMixer {

  private SampleMixer() {}

  /** Fills {@code out} with {@code out.length} frames starting at byte {@code off}; the caller checked bounds. */
  static void mixToMono(byte[] b, int off, WavFormat fmt, float[] out) {
    int ch = fmt.channels();
    switch (fmt.encoding()) {
      case PCM:
        switch (fmt.bitsPerSample()) {
          case 8:
            pcm8(b, off, ch, out);
            break;
          case 16:
            pcm16(b, off, ch, out);
            break;
          case 24:
            pcm24(b, off, ch, out);
            break;
          default:
            pcm32(b, off, ch, out);
            break;
        }
        break;
      case IEEE_FLOAT:
        if (fmt.bitsPerSample() == 32) {
          float32(b, off, ch, out);
        } else {
          float64(b, off, ch, out);
        }
        break;
      case MU_LAW:
        law(b, off, ch, out, true);
        break;
      default:
        law(b, off, ch, out, false);
        break;
    }
  }

  private static void pcm8(byte[] b, int o, int ch, float[] out) {
    double scale = 1.0 / (128.0 * ch);
    for (int i = 0; i < out.length; i++) {
      int sum = 0;
      for (int c = 0; c < ch; c++) {
        sum += (b[o++] & 0xff) - 128;
      }
      out[i] = (float) (sum * scale);
    }
  }

  private static void pcm16(byte[] b, int o, int ch, float[] out) {
    if (ch == 1) {
      for (int i = 0; i < out.length; i++, o += 2) {
        out[i] = (short) ((b[o] & 0xff) | b[o + 1] << 8) * (1f / 32768f);
      }
      return;
    }
    double scale = 1.0 / (32768.0 * ch);
    for (int i = 0; i < out.length; i++) {
      int sum = 0;
      for (int c = 0; c < ch; c++, o += 2) {
        sum += (short) ((b[o] & 0xff) | b[o + 1] << 8);
      }
      out[i] = (float) (sum * scale);
    }
  }

  private static void pcm24(byte[] b, int o, int ch, float[] out) {
    double scale = 1.0 / (8388608.0 * ch);
    for (int i = 0; i < out.length; i++) {
      int sum = 0; // 32 channels x 2^23 fits in an int
      for (int c = 0; c < ch; c++, o += 3) {
        sum += (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | b[o + 2] << 16;
      }
      out[i] = (float) (sum * scale);
    }
  }

  private static void pcm32(byte[] b, int o, int ch, float[] out) {
    double scale = 1.0 / (2147483648.0 * ch);
    for (int i = 0; i < out.length; i++) {
      long sum = 0;
      for (int c = 0; c < ch; c++, o += 4) {
        sum += (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | b[o + 3] << 24;
      }
      out[i] = (float) (sum * scale);
    }
  }

  private static void float32(byte[] b, int o, int ch, float[] out) {
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int c = 0; c < ch; c++, o += 4) {
        int bits = (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | b[o + 3] << 24;
        sum += clamp(Float.intBitsToFloat(bits));
      }
      out[i] = (float) (sum / ch);
    }
  }

  private static void float64(byte[] b, int o, int ch, float[] out) {
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int c = 0; c < ch; c++, o += 8) {
        long lo = (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (long) (b[o + 3] & 0xff) << 24;
        long hi = (b[o + 4] & 0xff) | (b[o + 5] & 0xff) << 8 | (b[o + 6] & 0xff) << 16 | (long) b[o + 7] << 24;
        sum += clamp(Double.longBitsToDouble(hi << 32 | lo));
      }
      out[i] = (float) (sum / ch);
    }
  }

  private static void law(byte[] b, int o, int ch, float[] out, boolean mu) {
    for (int i = 0; i < out.length; i++) {
      float sum = 0;
      for (int c = 0; c < ch; c++) {
        int code = b[o++];
        sum += mu ? G711.muLaw(code) : G711.aLaw(code);
      }
      out[i] = sum / ch;
    }
  }

  /**
   * Float files may hold NaN, infinities or values past full scale: NaN counts as 0, and the rest is kept within
   * {@link MonoSink#MAX_LEVEL} as the compressed decoders' output is (a compressed job's decoded float WAV must read
   * back as the samples the synchronous decode gave; it was cut at 1 before, so a lossy file's overshoot differed).
   */
  private static double clamp(double v) {
    if (v != v) {
      return 0;
    }
    return v > MonoSink.MAX_LEVEL ? MonoSink.MAX_LEVEL : (v < -MonoSink.MAX_LEVEL ? -MonoSink.MAX_LEVEL : v);
  }
}
