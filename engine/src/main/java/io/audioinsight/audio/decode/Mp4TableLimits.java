package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.util.Map;

/**
 * The entry count of each MP4 sample table must fit in its box. JAAD allocates each table ({@code stts}, {@code
 * stsc}, {@code stsz}, {@code stco}, ...) from the count in its header, so a box of a few bytes claiming a billion
 * entries was an OutOfMemoryError (found by fuzzing, in {@code SampleToChunkBox}). {@link Mp4AudioBoxes} calls this
 * for every table it lets JAAD see.
 */
final class Mp4TableLimits {

  /** Full boxes with a 32-bit entry count after version and flags, and the bytes per entry (version 0). */
  private static final Map<String, Integer> TABLES = Map.of("stts", 8, "ctts", 8, "stsc", 12, "stco", 4,
      "co64", 8, "stss", 4, "stps", 4, "elst", 12, "stsd", 8, "dref", 8);
  /** Samples of a fixed-size stsz (no table in the file, but JAAD still makes one): over 24 h of 48 kHz AAC. */
  private static final long MAX_FIXED_SIZE_SAMPLES = 1L << 22;

  private Mp4TableLimits() {}

  /** Whether {@code type} is a table this class checks. */
  static boolean isTable(String type) {
    return TABLES.containsKey(type) || type.equals("stsz") || type.equals("sbgp");
  }

  /** Throws when the table box {@code type}, whose body runs from {@code body} to {@code boxEnd}, claims more
   *  entries than it holds. */
  static void checkTable(byte[] b, String type, int body, long boxEnd) {
    long payload = boxEnd - body;
    if (payload < 8) {
      return; // too short to hold a count: JAAD fails on it as on any cut box
    }
    int version = b[body] & 0xff;
    long count;
    long perEntry;
    long fixed = 8;
    if (type.equals("stsz")) {
      if (payload < 12) {
        return;
      }
      long sampleSize = u32(b, body + 4);
      count = u32(b, body + 8);
      perEntry = sampleSize == 0 ? 4 : 0;
      fixed = 12;
      if (perEntry == 0 && count > MAX_FIXED_SIZE_SAMPLES) {
        throw bad("stsz claims " + count + " samples"); // JAAD still fills a table per sample
      }
    } else if (type.equals("sbgp")) {
      fixed = version == 1 ? 16 : 12; // version and flags, grouping type, [its parameter], then the count
      if (payload < fixed) {
        return;
      }
      count = u32(b, body + (int) fixed - 4);
      perEntry = 8;
    } else {
      count = u32(b, body + 4);
      perEntry = type.equals("elst") && version == 1 ? 20 : TABLES.get(type);
    }
    if (count * perEntry > payload - fixed) {
      throw bad(type + " claims " + count + " entries in " + payload + " bytes");
    }
  }

  private static AudioFormatException bad(String what) {
    return new AudioFormatException(Kind.CORRUPT, "MP4: " + what);
  }

  private static long u32(byte[] b, int i) {
    return (b[i] & 0xffL) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }
}
