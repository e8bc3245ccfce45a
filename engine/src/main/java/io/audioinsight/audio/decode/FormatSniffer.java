package io.audioinsight.audio.decode;

/**
 * Recognises the container from the first bytes (magic numbers), never from a Content-Type or a file name, which
 * clients get wrong. Ogg's codec (Vorbis or Opus) and Matroska's are the decoders' business.
 */
final class FormatSniffer {

  /** MPEG frames in a row that make bytes an MP3 when no ID3 tag says so. */
  static final int MPEG_FRAMES_IN_A_ROW = 3;
  /** How far into the input (after any ID3 tag) the first MPEG frame may start: encoders pad with junk. */
  static final int MPEG_SEARCH_BYTES = 4_096;

  /** The container and where its bytes start (after an ID3v2 tag in front of FLAC). */
  record Sniffed(Container container, int offset) {}

  private FormatSniffer() {}

  /** The container of {@code b}, or null when it is none of the supported ones. */
  static Sniffed sniff(byte[] b) {
    if (startsWith(b, 0, "RIFF")) {
      return b.length < 12 || startsWith(b, 8, "WAVE") ? new Sniffed(Container.WAV, 0) : null;
    }
    if (startsWith(b, 0, "RF64")) {
      return new Sniffed(Container.WAV, 0); // the WAV decoder names it as unsupported
    }
    if (startsWith(b, 0, "fLaC")) {
      return new Sniffed(Container.FLAC, 0);
    }
    if (startsWith(b, 0, "OggS")) {
      return new Sniffed(Container.OGG, 0);
    }
    if (b.length >= 4 && (b[0] & 0xff) == 0x1A && (b[1] & 0xff) == 0x45 && (b[2] & 0xff) == 0xDF
        && (b[3] & 0xff) == 0xA3) {
      return new Sniffed(Container.MATROSKA, 0);
    }
    if (startsWith(b, 4, "ftyp")) {
      return new Sniffed(Container.MP4, 0);
    }
    int afterTag = id3v2End(b);
    if (afterTag > 0) {
      // some taggers put ID3v2 in front of FLAC; anything else behind a tag is taken for MP3
      return startsWith(b, afterTag, "fLaC") ? new Sniffed(Container.FLAC, afterTag) : new Sniffed(Container.MP3, 0);
    }
    return firstMpegFrame(b, 0) >= 0 ? new Sniffed(Container.MP3, 0) : null;
  }

  /** The offset after an ID3v2 tag at the start, or 0 when there is none. */
  static int id3v2End(byte[] b) {
    if (!startsWith(b, 0, "ID3") || b.length < 10) {
      return 0;
    }
    int size = (b[6] & 0x7f) << 21 | (b[7] & 0x7f) << 14 | (b[8] & 0x7f) << 7 | (b[9] & 0x7f);
    int footer = (b[5] & 0x10) != 0 ? 10 : 0;
    return 10 + size + footer;
  }

  /**
   * The offset of the first of {@link #MPEG_FRAMES_IN_A_ROW} valid MPEG audio frames, each starting where the one
   * before ends and with the same layer and rate, searched from {@code from} for {@link #MPEG_SEARCH_BYTES}; two
   * are enough when the input ends after them. -1 if there are none.
   */
  static int firstMpegFrame(byte[] b, int from) {
    int last = (int) Math.min(b.length - 4L, (long) from + MPEG_SEARCH_BYTES);
    for (int at = Math.max(0, from); at <= last; at++) {
      if ((b[at] & 0xff) != 0xFF) {
        continue;
      }
      MpegAudioHeader first = MpegAudioHeader.at(b, at);
      if (first == null) {
        continue;
      }
      int frames = 1;
      long next = (long) at + first.frameBytes();
      while (frames < MPEG_FRAMES_IN_A_ROW) {
        MpegAudioHeader h = next + 4 <= b.length ? MpegAudioHeader.at(b, (int) next) : null;
        if (h == null || h.layer() != first.layer() || h.sampleRate() != first.sampleRate()) {
          break;
        }
        frames++;
        next += h.frameBytes();
      }
      if (frames >= MPEG_FRAMES_IN_A_ROW || (frames == 2 && next >= b.length)) {
        return at;
      }
    }
    return -1;
  }

  static boolean startsWith(byte[] b, int off, String ascii) {
    if (off < 0 || (long) off + ascii.length() > b.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[off + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
