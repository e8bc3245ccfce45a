package io.audioinsight.inference;

import io.audioinsight.audio.decode.DurationProbe;
import io.vertx.core.buffer.Buffer;

/**
 * The admission cost of a request: the seconds of audio it holds, read from the header without decoding (the
 * engine decodes on a pool thread). Runs on the event loop, so it is bounded: for WAV it looks at most
 * {@link #MAX_CHUNKS} chunk headers and counts the data bytes actually present (a streamed WAV's size field
 * does not count); a compressed format's duration comes from {@link DurationProbe} (the container's own
 * length where it states one, else the byte count at a low bit rate, erring long). Inference time is roughly
 * proportional to duration, so duration is what the backlog is measured in.
 *
 * <p>When neither gives a duration (no supported format, a WAV header cut short) the cost is the body size at
 * 16 kHz 16-bit mono; the engine rejects such bodies in microseconds anyway.
 */
public final class AudioCost {

  /** Bytes per second of 16 kHz mono 16-bit PCM, the fallback rate. */
  static final double FALLBACK_BYTES_PER_SECOND = 32_000;
  static final int MAX_CHUNKS = 16;
  private static final long STREAMING_SIZE = 0xFFFF_FFFFL;

  private AudioCost() {}

  /** Seconds of audio in {@code wav} (any supported format), at most {@code cap} (longer audio is refused by the engine before work). */
  public static double seconds(Buffer wav, double cap) {
    double s = headerSeconds(wav);
    if (Double.isNaN(s)) {
      s = DurationProbe.seconds(wav::getByte, wav.length());
    }
    if (Double.isNaN(s)) {
      s = wav.length() / FALLBACK_BYTES_PER_SECOND;
    }
    return Math.min(s, cap);
  }

  /** Duration from the fmt and data chunks, or NaN when the header does not give one. */
  static double headerSeconds(Buffer b) {
    int len = b.length();
    if (len < 12 || !id(b, 0, "RIFF") || !id(b, 8, "WAVE")) {
      return Double.NaN;
    }
    long bytesPerSecond = -1;
    long pos = 12;
    for (int chunk = 0; chunk < MAX_CHUNKS && pos + 8 <= len; chunk++) {
      int p = (int) pos;
      long size = b.getUnsignedIntLE(p + 4);
      if (id(b, p, "fmt ") && size >= 16 && pos + 24 <= len) {
        int channels = b.getUnsignedShortLE(p + 10);
        long rate = b.getUnsignedIntLE(p + 12);
        int blockAlign = b.getUnsignedShortLE(p + 20);
        if (channels == 0 || rate == 0 || blockAlign == 0) {
          return Double.NaN;
        }
        bytesPerSecond = rate * blockAlign;
      } else if (id(b, p, "data")) {
        if (bytesPerSecond <= 0) {
          return Double.NaN;
        }
        long present = len - (pos + 8);
        long data = size == STREAMING_SIZE || size == 0 ? present : Math.min(size, present);
        return (double) data / bytesPerSecond;
      }
      pos += 8 + size + (size & 1);
    }
    return Double.NaN;
  }

  private static boolean id(Buffer b, int at, String id) {
    for (int i = 0; i < 4; i++) {
      if (b.getByte(at + i) != id.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
