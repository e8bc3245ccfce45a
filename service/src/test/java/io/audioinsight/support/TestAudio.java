package io.audioinsight.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Test signals made in code: a speech-like signal (voiced syllables: a harmonic series with a 4 Hz syllable
 * envelope, alternating with pauses) plus white noise at a known SNR, written as PCM 16-bit WAV.
 */
public final class TestAudio {

  private TestAudio() {}

  /** Speech-like mono signal at {@code rate}; the first half of every second is voiced. */
  public static float[] speechLike(double seconds, int rate, double snrDb, long seed) {
    int n = (int) Math.round(seconds * rate);
    float[] speech = new float[n];
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      if ((t % 1.0) < 0.5) {
        double f0 = 110 + 20 * Math.sin(2 * Math.PI * 0.7 * t);
        double s = 0;
        for (int h = 1; h <= 12; h++) {
          s += Math.sin(2 * Math.PI * f0 * h * t) / h;
        }
        speech[i] = (float) (0.2 * s * (0.6 - 0.4 * Math.cos(2 * Math.PI * 4 * t)));
      }
    }
    double speechPower = 0;
    int active = 0;
    for (float v : speech) {
      if (v != 0) {
        speechPower += v * v;
        active++;
      }
    }
    speechPower /= Math.max(1, active);
    double noiseRms = Math.sqrt(speechPower / Math.pow(10, snrDb / 10));
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (speech[i] + noiseRms * random.nextGaussian());
    }
    return out;
  }

  /** A mono 16 kHz 16-bit WAV of a speech-like signal at 20 dB SNR. */
  public static byte[] speechWav(double seconds) {
    return pcm16Wav(speechLike(seconds, 16_000, 20, 7), 16_000, 1);
  }

  /** PCM 16-bit WAV; {@code mono} is copied into every channel. */
  public static byte[] pcm16Wav(float[] mono, int rate, int channels) {
    int dataBytes = mono.length * channels * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    b.put("data".getBytes()).putInt(dataBytes);
    for (float v : mono) {
      short s = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
      for (int c = 0; c < channels; c++) {
        b.putShort(s);
      }
    }
    return b.array();
  }

  /**
   * {@link #speechWav} as a writer to a pipe leaves it: the RIFF and data sizes say {@code dataSize} (0,
   * 0xFFFFFFFF, or sox's 0x7FFFF000), not the bytes that follow.
   */
  public static byte[] streamedWav(double seconds, long dataSize) {
    byte[] wav = speechWav(seconds);
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(4, (int) Math.min(0xFFFF_FFFFL, dataSize + 36)).putInt(40, (int) dataSize);
    return wav;
  }

  /** A WAV header announcing an encoding nobody decodes (format tag 0x0055, MP3-in-WAV). */
  public static byte[] mp3InWav() {
    byte[] wav = speechWav(0.5);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 0x0055);
    return wav;
  }

  /** The first {@code bytes} bytes of a valid WAV: the header is cut short. */
  public static byte[] truncated(int bytes) {
    return Arrays.copyOf(speechWav(0.5), bytes);
  }

  public static byte[] notAWav() {
    return "this is plain text, not a RIFF/WAVE file at all".getBytes();
  }
}
