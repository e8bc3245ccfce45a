package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;

/**
 * Decodes a RIFF/WAVE file held in memory into mono float samples.
 *
 * <p>Reads PCM (8-bit unsigned, 16/24/32-bit signed), IEEE float (32/64-bit), G.711 mu-law and A-law, and
 * WAVE_FORMAT_EXTENSIBLE carrying any of these; 1..32 channels are averaged to mono; rates 8..192 kHz.
 * Unknown chunks are skipped (with odd-size padding). Only the first fmt and first data chunk count.
 *
 * <p>Sizes in the file are untrusted:
 * <ul>
 *   <li>A data chunk claiming more bytes than the file holds is read up to the last whole frame. Writers to a pipe
 *       (sox and espeak-ng write 0x7FFFF000, arecord 0x7FFFFFFF) leave such a size because they cannot seek back.</li>
 *   <li>A data size of 0xFFFFFFFF, or of 0 after the fmt chunk with audio bytes behind it, means "up to the end of
 *       the file" too. A size-0 data chunk followed by another chunk id is a genuinely empty data chunk and decodes
 *       to no samples.</li>
 *   <li>The duration limit is checked against the audio bytes actually present, before any sample memory is
 *       allocated; a header that claims more than is there does not count.</li>
 *   <li>The fmt chunk's byte rate is ignored: writers often get it wrong and nothing depends on it.</li>
 * </ul>
 * Anything malformed throws {@link AudioFormatException}; no other exception escapes for any input bytes.
 * The only allocation proportional to the input is the output array. Thread-safe (stateless).
 */
public final class WavDecoder {

  private static final long STREAMING_SIZE = 0xFFFF_FFFFL;

  private WavDecoder() {}

  /**
   * Decodes {@code wav}.
   *
   * @param wav the whole file
   * @param maxSeconds the longest audio accepted, in seconds; {@code Double.POSITIVE_INFINITY} for no limit
   * @throws AudioFormatException if the bytes are not a supported WAV file or the audio is longer than allowed
   * @throws IllegalArgumentException if {@code maxSeconds} is not a positive number (a caller bug, not bad input)
   */
  public static DecodedAudio decode(byte[] wav, double maxSeconds) {
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("maxSeconds must be positive, was " + maxSeconds);
    }
    if (wav == null || wav.length == 0) {
      throw new AudioFormatException(Kind.NOT_WAV, "the input is empty");
    }
    checkRiffHeader(wav);

    WavFormat fmt = null;
    long dataStart = -1;
    long dataBytes = 0;
    boolean cutShort = false;
    long pos = 12;
    int len = wav.length;
    while (pos + 8 <= len) {
      int p = (int) pos;
      long size = Bytes.u32(wav, p + 4);
      long body = pos + 8;
      if (Bytes.isId(wav, p, "fmt ") && fmt == null) {
        if (size < 16) {
          throw new AudioFormatException(Kind.INVALID_FORMAT, "the fmt chunk is " + size + " bytes; it needs at least 16");
        }
        if (body + 16 > len) {
          throw new AudioFormatException(Kind.TRUNCATED, "the file ends inside the fmt chunk");
        }
        fmt = WavFormat.parse(wav, (int) body, size);
      } else if (Bytes.isId(wav, p, "data") && dataStart < 0) {
        dataStart = body;
        long present = len - body;
        boolean streaming = size == STREAMING_SIZE
            || (size == 0 && fmt != null && present > 0 && !Bytes.looksLikeChunkId(wav, (int) body));
        dataBytes = streaming ? present : size;
        if (fmt != null || body + dataBytes > len) {
          break; // we have all we need, or the data runs to the end of the file
        }
      }
      if (body + size > len) {
        cutShort = true;
        break;
      }
      pos = Math.min(body + size + (size & 1), len);
    }
    if (pos < len && pos + 8 > len) {
      cutShort = true; // a partial chunk header at the end
    }
    if (fmt == null) {
      throw cutShort
          ? new AudioFormatException(Kind.TRUNCATED, "the file ends inside a chunk before any fmt chunk")
          : new AudioFormatException(Kind.MISSING_CHUNK, "the file has no fmt chunk");
    }
    if (dataStart < 0) {
      throw cutShort
          ? new AudioFormatException(Kind.TRUNCATED, "the file ends inside a chunk before any data chunk")
          : new AudioFormatException(Kind.MISSING_CHUNK, "the file has no data chunk");
    }

    long present = Math.max(0, len - dataStart);
    long frames = Math.min(dataBytes, present) / fmt.blockAlign();
    double seconds = frames / (double) fmt.sampleRate();
    if (seconds > maxSeconds) {
      throw new AudioFormatException(Kind.TOO_LONG, String.format(java.util.Locale.ROOT,
          "the audio is %.1f s long; the limit is %.1f s", seconds, maxSeconds));
    }
    float[] mono = new float[(int) frames];
    SampleMixer.mixToMono(wav, (int) Math.min(dataStart, len), fmt, mono);
    return new DecodedAudio(mono, fmt.sampleRate(), fmt.channels(), fmt.bitsPerSample(), fmt.encoding(),
        frames / (double) fmt.sampleRate());
  }

  private static void checkRiffHeader(byte[] b) {
    String expected = "RIFF????WAVE";
    int n = Math.min(b.length, 12);
    boolean rf64 = n >= 4 && Bytes.isId(b, 0, "RF64");
    if (rf64) {
      throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING, "RF64 (64-bit RIFF) WAV files are not supported");
    }
    for (int i = 0; i < n; i++) {
      char c = expected.charAt(i);
      if (c != '?' && b[i] != c) {
        throw new AudioFormatException(Kind.NOT_WAV, i < 4
            ? "the input does not start with a RIFF header"
            : "the input is a RIFF file but not of form type WAVE");
      }
    }
    if (b.length < 12) {
      throw new AudioFormatException(Kind.TRUNCATED,
          "the input ends after " + b.length + " bytes, inside the 12-byte RIFF header");
    }
  }
}
