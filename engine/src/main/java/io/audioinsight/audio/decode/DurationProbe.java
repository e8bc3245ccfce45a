package io.audioinsight.audio.decode;

import io.audioinsight.audio.decode.FormatSniffer.Sniffed;

/**
 * The duration of a compressed file without decoding it, for admission control: cheap and bounded (a copy of
 * the first {@link #HEAD_BYTES}, a backward scan of at most {@link #TAIL_BYTES}, at most {@link #MAX_BOXES}
 * MP4 boxes), so it may run on an event loop. Where the container states the length it is read from there:
 * <ul>
 *   <li>FLAC: STREAMINFO's total samples / sample rate;</li>
 *   <li>MP4: the movie header's ({@code moov/mvhd}) duration / time scale, wherever {@code moov} lies;</li>
 *   <li>Ogg: the granule position of the last page / the rate (48 kHz for Opus, the header's for Vorbis);</li>
 *   <li>MP3: the Xing/Info or VBRI frame count, else the first frame's bit rate over the bytes (exact for CBR);</li>
 *   <li>WebM/Matroska: the Segment Info Duration, when the first {@link #HEAD_BYTES} hold it.</li>
 * </ul>
 * Otherwise (a live WebM recording, a FLAC whose encoder did not know the length, a damaged header) it estimates
 * from the byte count at {@link #LOW_BYTES_PER_SECOND}, a bit rate lower than any ordinary encoding, so that the
 * estimate errs long. The decoder enforces the real limit either way; this only sizes the queue.
 */
public final class DurationProbe {

  /** 16 kb/s: below every ordinary bit rate of these codecs for speech (Opus VoIP is 16-24 kb/s). */
  public static final double LOW_BYTES_PER_SECOND = 2_000;
  static final int HEAD_BYTES = 16 * 1024;
  static final int TAIL_BYTES = 64 * 1024;
  static final int MAX_BOXES = 32;

  /** Random access to the input, so that a caller's buffer need not be copied. */
  @FunctionalInterface
  public interface ByteSource {
    /** The byte at {@code index} (0 <= index < length), as a signed byte. */
    byte at(int index);
  }

  private DurationProbe() {}

  /**
   * Seconds of audio in a compressed file of {@code length} bytes, read from its container or estimated from its
   * length; NaN when the bytes are WAV (whose header the caller reads) or of no supported format.
   */
  public static double seconds(ByteSource source, int length) {
    byte[] head = new byte[Math.min(length, HEAD_BYTES)];
    for (int i = 0; i < head.length; i++) {
      head[i] = source.at(i);
    }
    Sniffed sniffed = FormatSniffer.sniff(head);
    if (sniffed == null || sniffed.container() == Container.WAV) {
      return Double.NaN;
    }
    double stated;
    try {
      stated = switch (sniffed.container()) {
        case FLAC -> flac(head, sniffed.offset());
        case MP3 -> mp3(head, length);
        case OGG -> ogg(head, source, length);
        case MATROSKA -> matroska(head);
        case MP4 -> mp4(source, length);
        case WAV -> Double.NaN;
      };
    } catch (IndexOutOfBoundsException e) {
      stated = Double.NaN; // a header cut short: estimate instead
    }
    boolean plausible = stated >= 0 && stated < 1e7;
    return plausible ? stated : length / LOW_BYTES_PER_SECOND;
  }

  private static double flac(byte[] b, int offset) {
    int info = offset + 8; // "fLaC", then the first metadata block's 4-byte header: STREAMINFO
    if ((b[offset + 4] & 0x7f) != 0) {
      return Double.NaN;
    }
    int rate = (b[info + 10] & 0xff) << 12 | (b[info + 11] & 0xff) << 4 | (b[info + 12] & 0xff) >> 4;
    long total = (long) (b[info + 13] & 0x0f) << 32 | (b[info + 14] & 0xffL) << 24 | (b[info + 15] & 0xff) << 16
        | (b[info + 16] & 0xff) << 8 | (b[info + 17] & 0xff);
    return rate == 0 || total == 0 ? Double.NaN : (double) total / rate;
  }

  private static double mp3(byte[] b, int length) {
    int first = FormatSniffer.firstMpegFrame(b, FormatSniffer.id3v2End(b));
    MpegAudioHeader h = first < 0 ? null : MpegAudioHeader.at(b, first);
    if (h == null) {
      return Double.NaN;
    }
    boolean mpeg1 = ((b[first + 1] >> 3) & 3) == 3;
    int sideInfo = mpeg1 ? (h.channels() == 1 ? 17 : 32) : (h.channels() == 1 ? 9 : 17);
    int xing = first + 4 + sideInfo;
    if (FormatSniffer.startsWith(b, xing, "Xing") || FormatSniffer.startsWith(b, xing, "Info")) {
      if ((b[xing + 7] & 1) != 0) {
        return (double) u32be(b, xing + 8) * h.samplesPerFrame() / h.sampleRate();
      }
    } else if (FormatSniffer.startsWith(b, first + 36, "VBRI")) {
      return (double) u32be(b, first + 36 + 14) * h.samplesPerFrame() / h.sampleRate();
    }
    return (length - first) * 8.0 / (h.bitrateKbps() * 1000.0);
  }

  private static double ogg(byte[] head, ByteSource source, int length) {
    int segments = head[26] & 0xff;
    int packet = 27 + segments;
    long serial = u32le(head, 14);
    double rate;
    long preSkip = 0;
    if (FormatSniffer.startsWith(head, packet, "OpusHead")) {
      rate = OpusPackets.RATE;
      preSkip = (head[packet + 10] & 0xff) | (head[packet + 11] & 0xff) << 8;
    } else if (head[packet] == 1 && FormatSniffer.startsWith(head, packet + 1, "vorbis")) {
      rate = u32le(head, packet + 12);
    } else {
      return Double.NaN;
    }
    for (int at = length - 27, stop = Math.max(0, length - TAIL_BYTES); at >= stop; at--) {
      if (source.at(at) == 'O' && source.at(at + 1) == 'g' && source.at(at + 2) == 'g' && source.at(at + 3) == 'S'
          && u32le(source, at + 14) == serial) {
        long granule = u32le(source, at + 6) | u32le(source, at + 10) << 32;
        return granule <= 0 || rate <= 0 ? Double.NaN : (granule - preSkip) / rate;
      }
    }
    return Double.NaN;
  }

  private static double matroska(byte[] b) {
    final long segment = 0x18538067L;
    final long info = 0x1549A966L;
    final long timecodeScale = 0x2AD7B1L;
    final long duration = 0x4489L;
    int[] pos = {0};
    long scale = 1_000_000; // nanoseconds per tick, the default
    double ticks = Double.NaN;
    int infoEnd = -1;
    while (pos[0] < b.length) {
      long id = ebmlId(b, pos);
      long size = ebmlSize(b, pos);
      if (id < 0) {
        return Double.NaN;
      }
      if (id == segment || id == info) {
        if (id == info && size >= 0) {
          infoEnd = (int) Math.min(b.length, pos[0] + size);
        }
        continue;
      }
      if (size < 0 || size > b.length - pos[0]) {
        return Double.NaN;
      }
      if (id == timecodeScale && size <= 8) {
        scale = 0;
        for (int i = 0; i < size; i++) {
          scale = scale << 8 | (b[pos[0] + i] & 0xff);
        }
      } else if (id == duration && (size == 4 || size == 8)) {
        long bits = 0;
        for (int i = 0; i < size; i++) {
          bits = bits << 8 | (b[pos[0] + i] & 0xff);
        }
        ticks = size == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
      }
      pos[0] += (int) size;
      if (infoEnd >= 0 && pos[0] >= infoEnd) {
        break;
      }
    }
    return ticks * scale / 1e9;
  }

  private static long ebmlId(byte[] b, int[] pos) {
    int first = b[pos[0]] & 0xff;
    int len = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || len > 4) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = v << 8 | (b[pos[0] + i] & 0xff);
    }
    pos[0] += len;
    return v;
  }

  private static long ebmlSize(byte[] b, int[] pos) {
    int first = b[pos[0]] & 0xff;
    int len = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0) {
      return -1;
    }
    long v = first & (0xff >> len);
    for (int i = 1; i < len; i++) {
      v = v << 8 | (b[pos[0] + i] & 0xff);
    }
    pos[0] += len;
    return v == (1L << (7 * len)) - 1 ? -1 : v;
  }

  private static double mp4(ByteSource s, int length) {
    long at = 0;
    for (int box = 0; box < MAX_BOXES && at + 8 <= length; box++) {
      long size = u32be(s, (int) at);
      boolean moov = isType(s, (int) at + 4, "moov");
      int header = 8;
      if (size == 1 && at + 16 <= length) {
        size = u32be(s, (int) at + 8) << 32 | u32be(s, (int) at + 12);
        header = 16;
      } else if (size == 0) {
        size = length - at;
      }
      if (size < header) {
        return Double.NaN;
      }
      if (moov) {
        return mvhd(s, at + header, Math.min(length, at + size));
      }
      at += size;
    }
    return Double.NaN;
  }

  private static double mvhd(ByteSource s, long from, long end) {
    long at = from;
    for (int box = 0; box < MAX_BOXES && at + 8 <= end; box++) {
      long size = u32be(s, (int) at);
      if (isType(s, (int) at + 4, "mvhd") && at + 40 <= end) {
        int body = (int) at + 8;
        boolean v1 = s.at(body) == 1;
        long timescale = v1 ? u32be(s, body + 20) : u32be(s, body + 12);
        long duration = v1 ? u32be(s, body + 24) << 32 | u32be(s, body + 28) : u32be(s, body + 16);
        return timescale == 0 || duration == 0xFFFF_FFFFL ? Double.NaN : (double) duration / timescale;
      }
      if (size < 8) {
        return Double.NaN;
      }
      at += size;
    }
    return Double.NaN;
  }

  private static boolean isType(ByteSource s, int at, String type) {
    for (int i = 0; i < 4; i++) {
      if (s.at(at + i) != type.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static long u32be(byte[] b, int i) {
    return (b[i] & 0xffL) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }

  private static long u32be(ByteSource s, int i) {
    return (s.at(i) & 0xffL) << 24 | (s.at(i + 1) & 0xff) << 16 | (s.at(i + 2) & 0xff) << 8 | (s.at(i + 3) & 0xff);
  }

  private static long u32le(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xffL) << 24;
  }

  private static long u32le(ByteSource s, int i) {
    return (s.at(i) & 0xff) | (s.at(i + 1) & 0xff) << 8 | (s.at(i + 2) & 0xff) << 16 | (s.at(i + 3) & 0xffL) << 24;
  }
}
