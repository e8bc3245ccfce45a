package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Checks, before JAAD parses the file, that every sample table's entry count fits in its box. JAAD allocates each
 * table ({@code stts}, {@code stsc}, {@code stsz}, {@code stco}, ...) from the count in its header, so a box of a few
 * bytes claiming a billion entries was an OutOfMemoryError (found by fuzzing, in {@code SampleToChunkBox}). Walks
 * the box tree through the containers that hold tables, each box at most once: bounded by the input's length.
 */
final class Mp4TableLimits {

  /** Boxes whose children are boxes, on the way to the sample tables. */
  private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "edts", "mvex",
      "moof", "traf", "dinf", "udta");
  /** Full boxes with a 32-bit entry count after version and flags, and the bytes per entry (version 0). */
  private static final Map<String, Integer> TABLES = Map.of("stts", 8, "ctts", 8, "stsc", 12, "stco", 4,
      "co64", 8, "stss", 4, "stps", 4, "elst", 12, "stsd", 8, "dref", 8);
  /** Samples of a fixed-size stsz (no table in the file, but JAAD still makes one): over 24 h of 48 kHz AAC. */
  private static final long MAX_FIXED_SIZE_SAMPLES = 1L << 22;
  /** Deeper than any real file nests (moov/trak/mdia/minf/stbl/stsd is 6). */
  private static final int MAX_DEPTH = 12;

  private Mp4TableLimits() {}

  static void check(byte[] b, int offset) {
    walk(b, offset, b.length, 0);
    // JAAD also descends into boxes this walk does not know (a mutated type, vendor boxes), so every table tag
    // inside moov is checked too, wherever it sits (fuzzing found an stsz under a box of unknown type)
    long[] moov = topLevel(b, offset, "moov");
    int from = moov == null ? offset : (int) moov[0];
    int to = moov == null ? b.length : (int) moov[1];
    for (int i = from + 4; i + 12 <= to; i++) {
      if (b[i] != 's' && b[i] != 'c' && b[i] != 'e' && b[i] != 'd') {
        continue;
      }
      String type = new String(b, i, 4, StandardCharsets.ISO_8859_1);
      if (TABLES.containsKey(type) || type.equals("stsz") || type.equals("sbgp")) {
        long size = u32(b, i - 4);
        if (size >= 16) {
          checkTable(b, type, i + 4, Math.min(to, i - 4 + size));
        }
      }
    }
  }

  /** The first top-level box of {@code type}: its start and end, or null. */
  private static long[] topLevel(byte[] b, int offset, String type) {
    long at = offset;
    while (at + 8 <= b.length) {
      int p = (int) at;
      long size = u32(b, p);
      if (size == 1 && at + 16 <= b.length) {
        size = u32(b, p + 8) << 32 | u32(b, p + 12);
      } else if (size == 0) {
        size = b.length - at;
      }
      if (size < 8) {
        return null;
      }
      if (new String(b, p + 4, 4, StandardCharsets.ISO_8859_1).equals(type)) {
        return new long[] {at, Math.min(b.length, at + size)};
      }
      at += size;
    }
    return null;
  }

  private static void walk(byte[] b, int from, int end, int depth) {
    if (depth > MAX_DEPTH) {
      throw bad("boxes nested deeper than " + MAX_DEPTH);
    }
    long at = from;
    while (at + 8 <= end) {
      int p = (int) at;
      long size = u32(b, p);
      int header = 8;
      if (size == 1) {
        if (at + 16 > end) {
          return; // JAAD reports the cut itself
        }
        size = u32(b, p + 8) << 32 | u32(b, p + 12);
        header = 16;
      } else if (size == 0) {
        size = end - at;
      }
      if (size < header) {
        throw bad("a box of " + size + " bytes");
      }
      long boxEnd = Math.min(end, at + size);
      String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      int body = p + header;
      if (CONTAINERS.contains(type)) {
        walk(b, body, (int) boxEnd, depth + 1);
      } else if (TABLES.containsKey(type) || type.equals("stsz") || type.equals("sbgp")) {
        checkTable(b, type, body, boxEnd);
      }
      at += size;
    }
  }

  private static void checkTable(byte[] b, String type, int body, long boxEnd) {
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
