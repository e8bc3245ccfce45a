package io.audioinsight.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * A short, deterministic, speech-like WAV used to warm the pool: voiced syllables (a 120 Hz harmonic series,
 * amplitude-modulated at 4 Hz) between pauses, over low white noise. 16 kHz mono 16-bit PCM.
 */
public final class WarmUpAudio {

  private WarmUpAudio() {}

  public static byte[] wav(double seconds) {
    int rate = 16_000;
    int n = (int) Math.round(seconds * rate);
    SplittableRandom random = new SplittableRandom(42);
    short[] pcm = new short[n];
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      boolean voiced = (t % 1.0) < 0.6;
      double s = 0;
      if (voiced) {
        double envelope = 0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t);
        for (int h = 1; h <= 10; h++) {
          s += Math.sin(2 * Math.PI * 120 * h * t) / h;
        }
        s *= 0.25 * envelope;
      }
      s += 0.01 * (random.nextDouble() * 2 - 1);
      pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(s * 32767)));
    }
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(2 * n);
    for (short v : pcm) {
      b.putShort(v);
    }
    return b.array();
  }
}
