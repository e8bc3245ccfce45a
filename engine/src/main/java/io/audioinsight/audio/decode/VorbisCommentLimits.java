package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;

/**
 * The checks libvorbis makes on a comment header ({@code _vorbis_unpack_comment}) and JOrbis does not, done before
 * JOrbis reads it. JOrbis allocates the vendor string and the comment table from the header's 32-bit lengths and
 * then reads them bit by bit past the end of the packet: found by fuzzing, a 4 KiB WebM whose vendor length was
 * about 10^9 took 9 s of CPU and a gigabyte of heap before it was refused as invalid.
 */
final class VorbisCommentLimits {

  /** Packet type, "vorbis", the vendor length. */
  private static final int VENDOR_AT = 7;

  private VorbisCommentLimits() {}

  /**
   * Refuses a comment header whose vendor length, comment count or a comment's length claims more bytes than the
   * packet has. Anything else (a wrong packet type, a missing framing bit) is left for JOrbis to refuse.
   */
  static void check(byte[] b, int off, int len, String where) {
    int p = VENDOR_AT;
    long vendor = u32(b, off, len, p);
    if (vendor < 0 || vendor > len - p - 4) {
      throw bad(where);
    }
    p += 4 + (int) vendor;
    long comments = u32(b, off, len, p);
    p += 4;
    if (comments < 0 || comments > (len - p) / 4) { // each comment takes at least its 4-byte length
      throw bad(where);
    }
    for (long i = 0; i < comments; i++) {
      long size = u32(b, off, len, p);
      p += 4;
      if (size < 0 || size > len - p) {
        throw bad(where);
      }
      p += (int) size;
    }
  }

  /** The little-endian 32-bit number at packet offset {@code p}; -1 if the packet ends first. */
  private static long u32(byte[] b, int off, int len, int p) {
    if (p + 4 > len) {
      return -1;
    }
    int at = off + p;
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  private static AudioFormatException bad(String where) {
    return new AudioFormatException(Kind.CORRUPT, where + ": the Vorbis comment header claims more bytes than it has");
  }
}
