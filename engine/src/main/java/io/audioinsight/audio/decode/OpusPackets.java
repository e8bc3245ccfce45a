package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Opus packets (from Ogg or Matroska) through Concentus, into the sink.
 *
 * <p>Always decodes at 48 kHz and lets the sink resample 3:1: Concentus 1.0.2 created at 16 kHz decodes CELT and
 * hybrid packets to silence. A stereo stream is rendered as mono by the decoder itself (cheaper than two channels
 * and an average). The OpusHead's pre-skip is dropped and its output gain applied.
 */
final class OpusPackets {

  static final int RATE = 48_000;
  /** The longest Opus packet, 120 ms, in samples at 48 kHz. */
  private static final int MAX_PACKET_SAMPLES = RATE / 1000 * 120;

  private final OpusDecoder decoder;
  private final short[] pcm = new short[MAX_PACKET_SAMPLES];
  private final float gain;
  private final MonoSink sink;
  /** Samples still to drop from the start (the encoder's look-ahead). */
  private int skip;
  /** Samples decoded so far, the pre-skip included: what an Ogg granule position counts. */
  private long decoded;

  /** Reads the OpusHead identification header (RFC 7845 section 5.1) and starts the sink. */
  OpusPackets(byte[] b, int off, int len, String where, MonoSink sink) throws OpusException {
    if (len < 19 || !FormatSniffer.startsWith(b, off, "OpusHead")) {
      throw new AudioFormatException(Kind.CORRUPT, where + ": the OpusHead header is missing or short");
    }
    int version = b[off + 8] & 0xff;
    int channels = b[off + 9] & 0xff;
    int mapping = b[off + 18] & 0xff;
    if (version >> 4 != 0) {
      throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING, where + ": Opus header version " + version);
    }
    if (channels < 1 || channels > 2 || mapping != 0) {
      throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING, where + ": Opus with " + channels
          + " channels (mapping family " + mapping + ") is not supported; mono and stereo are");
    }
    skip = (b[off + 10] & 0xff) | (b[off + 11] & 0xff) << 8;
    int gainQ8 = (short) ((b[off + 16] & 0xff) | (b[off + 17] & 0xff) << 8);
    gain = (float) Math.pow(10, gainQ8 / (20.0 * 256));
    decoder = new OpusDecoder(RATE, 1);
    this.sink = sink;
    sink.start(RATE, channels);
  }

  void packet(byte[] b, int off, int len) throws OpusException {
    packet(b, off, len, -1);
  }

  /**
   * Decodes one packet. {@code endGranule}, where not negative, is the granule position of the stream's last page
   * and this is its last packet: the samples past it are padding of the encoder's last frame, dropped as RFC 7845
   * (section 4.5) asks. A stream whose granule positions start above zero (cut from a live stream) is not trimmed.
   */
  void packet(byte[] b, int off, int len, long endGranule) throws OpusException {
    if (len == 0) {
      return;
    }
    int n = decoder.decode(b, off, len, pcm, 0, MAX_PACKET_SAMPLES, false);
    long before = decoded;
    decoded += n;
    if (endGranule >= 0 && endGranule < decoded) {
      n = (int) Math.max(0, endGranule - before);
    }
    int from = Math.min(skip, n);
    skip -= from;
    if (n > from) {
      if (gain != 1f) {
        for (int i = from; i < n; i++) {
          pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(pcm[i] * gain)));
        }
      }
      sink.interleaved16(pcm, from, n - from, 1);
    }
  }
}
