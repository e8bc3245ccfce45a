package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What JAAD may parse of an MP4 file: only the boxes an AAC audio track needs. Every other box, at any depth, is
 * shown to JAAD as {@code free} (which it skips unread), so none of JAAD's parsers for the dozens of other box
 * types ever runs on untrusted bytes. Fuzzing found one count-sized allocation after another in those parsers
 * ({@code stsc}, {@code stsz}, {@code sbgp}, each found after the last was fixed); an allow-list ends that chase.
 * The boxes that remain have their counts and descriptor sizes checked against their box here.
 *
 * <p>Also reads the audio track's edit list: the encoder's priming samples (ffmpeg and Apple write 1024 or 2112
 * samples of delay, skipped by an edit's media time), which the decoder drops so that times match the source.
 *
 * <p>One pass over the box tree, each box visited once: bounded by the input's length.
 */
final class Mp4AudioBoxes {

  /** Deeper than the tree below nests (moov/trak/mdia/minf/stbl/stsd/mp4a/esds is 8). */
  private static final int MAX_DEPTH = 10;
  /** Bytes of an ISO audio sample entry (version 0) before its child boxes: the only layout JAAD reads. */
  private static final int AUDIO_SAMPLE_ENTRY_BYTES = 28;
  private static final byte[] FREE = "free".getBytes(StandardCharsets.ISO_8859_1);

  /** Boxes each parent keeps; a parent's other children become {@code free}. */
  private static final Set<String> TOP = Set.of("ftyp", "moov", "mdat");
  private static final Set<String> MOOV = Set.of("mvhd", "trak");
  private static final Set<String> TRAK = Set.of("tkhd", "mdia");
  private static final Set<String> MDIA = Set.of("mdhd", "hdlr", "minf");
  private static final Set<String> MINF = Set.of("smhd", "dinf", "stbl");
  private static final Set<String> DINF = Set.of("dref");
  private static final Set<String> DREF = Set.of("url ", "urn ");
  private static final Set<String> STBL = Set.of("stsd", "stts", "stsc", "stsz", "stco", "co64");
  private static final Set<String> SAMPLE_ENTRY = Set.of("esds");
  /**
   * The body bytes (after the box header) each kept box must have, version 0 and version 1: JAAD reads its fixed
   * fields without looking at the box's size, and when it reads past a box's end it carries on from there, so that
   * the next "box" it parses starts where this walk saw none. Every kept box is therefore at least this long.
   */
  private static final Map<String, int[]> MIN_BODY = Map.ofEntries(Map.entry("ftyp", new int[] {8, 8}),
      Map.entry("mvhd", new int[] {100, 112}), Map.entry("tkhd", new int[] {84, 96}),
      Map.entry("mdhd", new int[] {24, 36}), Map.entry("hdlr", new int[] {24, 24}),
      Map.entry("smhd", new int[] {8, 8}), Map.entry("dref", new int[] {8, 8}), Map.entry("url ", new int[] {4, 4}),
      Map.entry("urn ", new int[] {4, 4}), Map.entry("stsd", new int[] {8, 8}), Map.entry("stts", new int[] {8, 8}),
      Map.entry("stsc", new int[] {8, 8}), Map.entry("stsz", new int[] {12, 12}), Map.entry("stco", new int[] {8, 8}),
      Map.entry("co64", new int[] {8, 8}), Map.entry("esds", new int[] {4, 4}));

  private final byte[] b;
  /** Offsets of the 4-byte types to show as {@code free}, in file order. */
  private final List<Integer> freed = new ArrayList<>();
  private final List<String> audioCodecs = new ArrayList<>();
  private long primingMediaTime;
  private long mediaTimescale;
  private boolean firstAudioTrackSeen;

  private Mp4AudioBoxes(byte[] b) {
    this.b = b;
  }

  /** The view of {@code input} from {@code offset} that JAAD may parse; throws a 400/415 exception when no AAC
   *  audio track exists or a kept box is inconsistent. */
  static Mp4AudioBoxes of(byte[] input, int offset) {
    Mp4AudioBoxes boxes = new Mp4AudioBoxes(input);
    boxes.children(offset, input.length, TOP, 0, "file");
    if (!boxes.audioCodecs.isEmpty() && !boxes.audioCodecs.contains("mp4a")) {
      throw new AudioFormatException(Kind.UNSUPPORTED_FORMAT, "MP4: the audio is " + boxes.audioCodecs
          + ", not AAC; supported: " + Container.SUPPORTED);
    }
    return boxes;
  }

  /** Offsets of box types JAAD must read as {@code free}, ascending. */
  int[] freedTypeOffsets() {
    return freed.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** Priming (encoder delay) of the first audio track in seconds, from its edit list; 0 when there is none. */
  double primingSeconds() {
    return mediaTimescale > 0 ? (double) primingMediaTime / mediaTimescale : 0;
  }

  /** Overwrites {@code dst[0..len)}, a copy of the input from {@code pos}, with {@code free} where types were
   *  freed. */
  static void overlay(int[] freedTypes, long pos, byte[] dst, int dstOff, int len) {
    int i = Arrays.binarySearch(freedTypes, (int) Math.max(0, pos - 3));
    for (i = i < 0 ? -i - 1 : i; i < freedTypes.length && freedTypes[i] < pos + len; i++) {
      for (int k = 0; k < 4; k++) {
        long at = (long) freedTypes[i] + k;
        if (at >= pos && at < pos + len) {
          dst[dstOff + (int) (at - pos)] = FREE[k];
        }
      }
    }
  }

  /** Walks the boxes from {@code from} to {@code end}, freeing those not in {@code keep}; returns their number. */
  private int children(int from, int end, Set<String> keep, int depth, String parent) {
    int boxes = 0;
    if (depth > MAX_DEPTH) {
      throw bad("boxes nested deeper than " + MAX_DEPTH);
    }
    long at = from;
    while (at + 8 <= end) {
      int p = (int) at;
      long size = u32(p);
      int header = 8;
      if (size == 1) {
        if (at + 16 > end) {
          return boxes; // a cut header: JAAD reports the truncation itself
        }
        size = u32(p + 8) << 32 | u32(p + 12);
        header = 16;
      }
      if (size < header) {
        // JAAD reads a box of size 0 ("to the end of the file") as 0 bytes long and parses its payload as boxes
        throw bad("a box of " + size + " bytes in " + parent);
      }
      int boxEnd = (int) Math.min(end, at + size);
      String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      if ((depth > 0 || type.equals("ftyp")) && at + size > end) {
        // only a top-level mdat or moov may be cut short; JAAD sizes ftyp's brand array from the box size (found by
        // fuzzing: a 520-byte file whose ftyp claimed 1 GiB took seconds and a gigabyte of heap)
        throw bad(type + " runs past the end of its " + parent);
      }
      if (keep.contains(type) && MIN_BODY.containsKey(type)) {
        int body = boxEnd - p - header;
        int version = body > 0 ? b[p + header] & 0xff : 0;
        int min = MIN_BODY.get(type)[version == 1 ? 1 : 0];
        if (body < min) {
          throw bad(type + " of " + body + " bytes, under the " + min + " its fields take");
        }
      }
      if (!keep.contains(type) || (type.equals("trak") && !isAudioTrack(p + header, boxEnd))) {
        if (type.equals("edts") && parent.equals("trak") && !firstAudioTrackSeen) {
          readEditList(p + header, boxEnd);
        }
        freed.add(p + 4);
      } else {
        box(type, p + header, boxEnd, depth);
      }
      at += size;
      boxes++;
    }
    if (depth > 0 && at < end) {
      // JAAD reads children while any bytes are left, so it would take these and the next bytes after the parent for
      // a box header, and parse whatever that claims (found by fuzzing: 3 stray bytes at the end of moov made JAAD
      // read an ftyp of 800 MB further on)
      throw bad((end - at) + " stray bytes at the end of " + parent);
    }
    return boxes;
  }

  private void box(String type, int body, int end, int depth) {
    switch (type) {
      case "moov" -> children(body, end, MOOV, depth + 1, type);
      case "trak" -> {
        children(body, end, TRAK, depth + 1, type);
        firstAudioTrackSeen = true;
      }
      case "mdia" -> children(body, end, MDIA, depth + 1, type);
      case "minf" -> children(body, end, MINF, depth + 1, type);
      case "dinf" -> children(body, end, DINF, depth + 1, type);
      case "stbl" -> children(body, end, STBL, depth + 1, type);
      case "mdhd" -> {
        if (!firstAudioTrackSeen) {
          mediaTimescale = end - body >= 16 ? u32(body + ((b[body] & 0xff) == 1 ? 20 : 12)) : 0;
        }
      }
      case "dref" -> {
        Mp4TableLimits.checkTable(b, type, body, end);
        expectCount(type, body, children(body + 8, end, DREF, depth + 1, type));
      }
      case "stsd" -> {
        Mp4TableLimits.checkTable(b, type, body, end);
        expectCount(type, body, sampleEntries(body + 8, end, depth + 1));
      }
      case "esds" -> checkDescriptors(body + 4, end);
      default -> {
        if (Mp4TableLimits.isTable(type)) {
          Mp4TableLimits.checkTable(b, type, body, end);
        }
        // ftyp, mdat, mvhd, tkhd, hdlr, smhd, url, urn: JAAD reads fixed fields or up to the box end
      }
    }
  }

  /** JAAD reads exactly the header's count of children, wherever they end: it must be the number there are. */
  private void expectCount(String type, int body, int children) {
    long count = u32(body + 4);
    if (count != children) {
      throw bad(type + " claims " + count + " entries and holds " + children);
    }
  }

  /** The sample entries of an audio track's stsd: AAC ({@code mp4a}) keeps its esds; any other codec is freed and
   *  remembered for the 415. */
  private int sampleEntries(int from, int end, int depth) {
    int entries = 0;
    long at = from;
    while (at + 8 <= end) {
      int p = (int) at;
      long size = u32(p);
      if (size < 8 || at + size > end) {
        throw bad("a sample entry of " + size + " bytes");
      }
      String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      audioCodecs.add(type);
      if (type.equals("mp4a") && size >= 8 + AUDIO_SAMPLE_ENTRY_BYTES) {
        children(p + 8 + AUDIO_SAMPLE_ENTRY_BYTES, (int) (at + size), SAMPLE_ENTRY, depth + 1, type);
      } else {
        freed.add(p + 4);
      }
      at += size;
      entries++;
    }
    return entries;
  }

  /** Whether a trak's mdia/hdlr says {@code soun}. Other tracks (video, text, hint) are freed whole. */
  private boolean isAudioTrack(int from, int end) {
    int mdia = find(from, end, "mdia");
    if (mdia < 0) {
      return false;
    }
    int hdlr = find(mdia + 8, (int) Math.min(end, mdia + u32(mdia)), "hdlr");
    // hdlr: size, type, version+flags, pre_defined, handler_type
    return hdlr >= 0 && hdlr + 20 <= end && new String(b, hdlr + 16, 4, StandardCharsets.ISO_8859_1).equals("soun");
  }

  /** The first direct child box of {@code type} (32-bit sizes only, as in every real moov), or -1. */
  private int find(int from, int end, String type) {
    long at = from;
    while (at + 8 <= end) {
      long size = u32((int) at);
      if (size < 8) {
        return -1;
      }
      if (new String(b, (int) at + 4, 4, StandardCharsets.ISO_8859_1).equals(type)) {
        return at + size <= end ? (int) at : -1;
      }
      at += size;
    }
    return -1;
  }

  /** The priming of the first edit: an edit list whose first entry starts the media at t > 0 (ffmpeg, Apple). */
  private void readEditList(int from, int end) {
    int elst = find(from, end, "elst");
    if (elst < 0 || elst + 16 + 12 > end) {
      return;
    }
    int version = b[elst + 8] & 0xff;
    long count = u32(elst + 12);
    int entry = elst + 16;
    if (count < 1 || entry + (version == 1 ? 20 : 12) > end) {
      return;
    }
    long mediaTime = version == 1 ? (u32(entry + 8) << 32 | u32(entry + 12)) : (int) u32(entry + 4);
    primingMediaTime = Math.max(0, mediaTime); // -1 is an empty edit (a delay before the media), not priming
  }

  /**
   * The MPEG-4 descriptors in an esds box, read as JAAD reads them (ES 3, DecoderConfig 4, DecoderSpecificInfo 5,
   * other tags skipped). JAAD allocates a DecoderSpecificInfo from its size field, up to 256 MB; here each size must
   * fit in the box.
   */
  private void checkDescriptors(int from, int end) {
    descriptor(from, end, 0);
  }

  /** Returns the offset JAAD's stream is at after this descriptor. */
  private int descriptor(int at, int end, int depth) {
    if (depth > MAX_DEPTH) {
      throw bad("esds descriptors nested deeper than " + MAX_DEPTH);
    }
    if (at + 2 > end) {
      throw bad("an esds descriptor cut short");
    }
    int tag = b[at++] & 0xff;
    int size = 0;
    int c;
    int lengthBytes = 0;
    do {
      if (at >= end || ++lengthBytes > 4) {
        throw bad("an esds descriptor length");
      }
      c = b[at++] & 0xff;
      size = size << 7 | c & 0x7f;
    } while ((c & 0x80) != 0);
    int start = at;
    if (size > end - start) {
      throw bad("an esds descriptor of " + size + " bytes in " + (end - start));
    }
    switch (tag) {
      case 3 -> {
        if (size < 3) {
          throw bad("an ES descriptor of " + size + " bytes");
        }
        int flags = b[at + 2] & 0xff;
        at += 3;
        if ((flags & 0x80) != 0) {
          at += 2;
        }
        if ((flags & 0x40) != 0) {
          at += 1 + (at < end ? b[at] & 0xff : 0);
        }
        at = descriptorChildren(fixedFieldsFit(at, start, size), start, size, end, depth);
      }
      case 4 -> at = descriptorChildren(fixedFieldsFit(at + 13, start, size), start, size, end, depth);
      case 1, 2 -> throw bad("an object descriptor inside esds");
      default -> at = start + size; // 5 reads exactly its size; 6 and unknown tags read fixed fields, then skip
    }
    return Math.max(at, start + size);
  }

  private static int fixedFieldsFit(int at, int start, int size) {
    if (at > start + size) {
      throw bad("an esds descriptor of " + size + " bytes, too short for its fields");
    }
    return at;
  }

  private int descriptorChildren(int at, int start, int size, int end, int depth) {
    while (at - start < size) {
      at = descriptor(at, end, depth + 1);
    }
    return at;
  }

  private static AudioFormatException bad(String what) {
    return new AudioFormatException(Kind.CORRUPT, "MP4: " + what);
  }

  private long u32(int i) {
    return (b[i] & 0xffL) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }
}
