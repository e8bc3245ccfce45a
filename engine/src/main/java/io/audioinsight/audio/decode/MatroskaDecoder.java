package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.github.jaredmdobson.concentus.OpusException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded WebM/Matroska demuxer (a container reader, not a codec): enough EBML to find the first audio track
 * (A_OPUS or A_VORBIS) and hand its frames to {@link OpusPackets} or {@link VorbisPackets}.
 *
 * <p>The master elements it needs (Segment, Tracks, TrackEntry, Audio, Cluster, BlockGroup) are entered without
 * trusting their size, so the unknown-size Segments and Clusters of a live {@code MediaRecorder} recording work.
 * Every other element is skipped by its size, clamped to the bytes present. Each step moves forward, so it always
 * ends. Not one instance per thread: one decode.
 */
final class MatroskaDecoder implements FormatDecoder {

  private static final long EBML = 0x1A45DFA3L;
  private static final long DOC_TYPE = 0x4282;
  private static final long SEGMENT = 0x18538067L;
  private static final long TRACKS = 0x1654AE6BL;
  private static final long TRACK_ENTRY = 0xAE;
  private static final long TRACK_NUMBER = 0xD7;
  private static final long TRACK_TYPE = 0x83;
  private static final long CODEC_ID = 0x86;
  private static final long CODEC_PRIVATE = 0x63A2;
  private static final long AUDIO = 0xE1;
  private static final long CLUSTER = 0x1F43B675L;
  private static final long SIMPLE_BLOCK = 0xA3;
  private static final long BLOCK_GROUP = 0xA0;
  private static final long BLOCK = 0xA1;
  private static final long CONTENT_ENCODINGS = 0x6D80;
  private static final long TRACK_TYPE_AUDIO = 2;
  /** The largest CodecPrivate accepted (Vorbis setup headers are a few KiB). */
  private static final int MAX_CODEC_PRIVATE = 1 << 20;

  private byte[] b;
  private int pos;
  private String where = "WebM/Matroska";
  private MonoSink sink;

  /** The TrackEntry being read. */
  private long trackNumber = -1;
  private long trackType = -1;
  private String trackCodec;
  private byte[] trackPrivate;
  private boolean trackEncoded;

  /** The audio track chosen: the first Opus or Vorbis one. */
  private long audioTrack = -1;
  private String audioCodec;
  private byte[] audioPrivate;
  private boolean audioEncoded;

  /** The codec id of the first audio track of another codec, for the 415. */
  private String otherAudioCodec;

  private OpusPackets opus;
  private VorbisPackets vorbis;

  /** "webm" or "matroska", from the EBML header's DocType. */
  private String docType = "matroska";

  @Override
  public SourceFormat decode(byte[] input, int offset, MonoSink sink) throws OpusException {
    this.b = input;
    this.pos = offset;
    this.sink = sink;
    readHeader();
    while (pos < b.length) {
      int start = pos;
      long id = readId();
      long size = readSize();
      if (id == SEGMENT || id == TRACKS || id == CLUSTER || id == BLOCK_GROUP || id == AUDIO) {
        continue; // enter: the children follow
      }
      if (id == TRACK_ENTRY) {
        endTrackEntry();
        continue;
      }
      if (size < 0) {
        throw corrupt("an element of unknown size at byte " + start + " is not a container");
      }
      int n = (int) Math.min(size, b.length - pos); // a cut last element is read as far as it goes
      boolean cut = size > b.length - pos;
      if (id == TRACK_NUMBER) {
        trackNumber = uint(n);
      } else if (id == TRACK_TYPE) {
        trackType = uint(n);
      } else if (id == CODEC_ID) {
        trackCodec = new String(b, pos, n, StandardCharsets.US_ASCII);
      } else if (id == CODEC_PRIVATE) {
        if (n > MAX_CODEC_PRIVATE) {
          throw corrupt("CodecPrivate is " + n + " bytes");
        }
        trackPrivate = Arrays.copyOfRange(b, pos, pos + n);
      } else if (id == CONTENT_ENCODINGS) {
        trackEncoded = true;
      } else if (id == SIMPLE_BLOCK || id == BLOCK) {
        endTrackEntry();
        if (!cut) {
          block(pos, n);
        }
      }
      pos += n;
    }
    endTrackEntry();
    if (audioTrack < 0 && otherAudioCodec != null) {
      throw new AudioFormatException(Kind.UNSUPPORTED_FORMAT, where + ": the audio track's codec "
          + printable(otherAudioCodec) + " is not supported; supported: " + Container.SUPPORTED);
    }
    if (audioTrack < 0) {
      throw corrupt("no audio track (the file is truncated or corrupt)");
    }
    if (!sink.started()) {
      throw corrupt("the audio track has no frames");
    }
    return new SourceFormat(docType, opus != null ? "opus" : "vorbis", sink.rate(), sink.channels());
  }

  private void readHeader() {
    if (readId() != EBML) {
      throw corrupt("no EBML header");
    }
    long size = readSize();
    if (size < 0 || size > b.length - pos) {
      throw corrupt("the EBML header is cut short");
    }
    int end = pos + (int) size;
    String type = null;
    while (pos < end) {
      long id = readId();
      long n = readSize();
      if (n < 0 || n > end - pos) {
        throw corrupt("a bad element in the EBML header");
      }
      if (id == DOC_TYPE) {
        type = new String(b, pos, (int) n, StandardCharsets.US_ASCII).trim();
      }
      pos += (int) n;
    }
    if (!"webm".equals(type) && !"matroska".equals(type)) {
      throw new AudioFormatException(Kind.UNSUPPORTED_FORMAT, "EBML document type is not webm or matroska; "
          + "supported: " + Container.SUPPORTED);
    }
    docType = type;
    where = "webm".equals(type) ? "WebM" : "Matroska";
  }

  private void endTrackEntry() {
    boolean supported = "A_OPUS".equals(trackCodec) || "A_VORBIS".equals(trackCodec);
    if (trackType == TRACK_TYPE_AUDIO && !supported && trackCodec != null && otherAudioCodec == null) {
      otherAudioCodec = trackCodec;
    }
    if (trackNumber >= 0 && trackType == TRACK_TYPE_AUDIO && audioTrack < 0 && supported) {
      audioTrack = trackNumber;
      audioCodec = trackCodec;
      audioPrivate = trackPrivate;
      audioEncoded = trackEncoded;
    }
    trackNumber = -1;
    trackType = -1;
    trackCodec = null;
    trackPrivate = null;
    trackEncoded = false;
  }

  /** A SimpleBlock or Block body: track number, timecode, flags, then one frame or a laced run of them. */
  private void block(int p, int n) throws OpusException {
    int end = p + n;
    if (audioTrack < 0) {
      return;
    }
    int save = pos;
    pos = p;
    long track = readVint(end);
    p = pos;
    pos = save;
    if (track != audioTrack) {
      return;
    }
    if (audioEncoded) {
      throw new AudioFormatException(Kind.UNSUPPORTED_ENCODING, where + ": compressed or encrypted tracks "
          + "(ContentEncodings) are not supported");
    }
    if (p + 3 > end) {
      throw corrupt("a block is cut short");
    }
    p += 2; // timecode
    int lacing = (b[p++] >> 1) & 3;
    startCodec();
    if (lacing == 0) {
      frame(p, end - p);
      return;
    }
    if (p >= end) {
      throw corrupt("a laced block has no frame count");
    }
    int count = (b[p++] & 0xff) + 1;
    int[] sizes = new int[count];
    long total = 0;
    if (lacing == 2) { // fixed-size lacing
      Arrays.fill(sizes, (end - p) / count);
    } else if (lacing == 1) { // Xiph lacing
      for (int i = 0; i < count - 1; i++) {
        int s = 0;
        int v;
        do {
          if (p >= end) {
            throw corrupt("bad Xiph lacing");
          }
          v = b[p++] & 0xff;
          s += v;
        } while (v == 255);
        sizes[i] = s;
        total += s;
      }
      sizes[count - 1] = (int) Math.max(-1, end - p - total);
    } else { // EBML lacing: the first size, then signed differences
      long previous = 0;
      for (int i = 0; i < count - 1; i++) {
        save = pos;
        pos = p;
        long v = readVint(end);
        int len = pos - p;
        p = pos;
        pos = save;
        if (i > 0) {
          v = previous + (v - ((1L << (7 * len - 1)) - 1));
        }
        if (v < 0 || v > n) {
          throw corrupt("bad EBML lacing");
        }
        sizes[i] = (int) v;
        previous = v;
        total += v;
      }
      sizes[count - 1] = (int) Math.max(-1, end - p - total);
    }
    for (int s : sizes) {
      if (s < 0 || p + s > end) {
        throw corrupt("lace sizes overrun their block");
      }
      frame(p, s);
      p += s;
    }
  }

  private void startCodec() throws OpusException {
    if (opus != null || vorbis != null) {
      return;
    }
    byte[] cp = audioPrivate;
    if (cp == null) {
      throw corrupt(audioCodec + " track without CodecPrivate");
    }
    if ("A_OPUS".equals(audioCodec)) {
      opus = new OpusPackets(cp, 0, cp.length, where, sink);
      return;
    }
    // Vorbis CodecPrivate: the three headers, Xiph-laced (a count of 2, then two sizes)
    if (cp.length < 3 || (cp[0] & 0xff) != 2) {
      throw corrupt("bad Vorbis CodecPrivate");
    }
    int q = 1;
    int[] sz = new int[2];
    for (int i = 0; i < 2; i++) {
      int v;
      do {
        if (q >= cp.length) {
          throw corrupt("bad Vorbis CodecPrivate");
        }
        v = cp[q++] & 0xff;
        sz[i] += v;
      } while (v == 255);
    }
    if ((long) q + sz[0] + sz[1] > cp.length) {
      throw corrupt("bad Vorbis CodecPrivate");
    }
    VorbisPackets v = new VorbisPackets(where);
    v.header(cp, q, sz[0]);
    v.header(cp, q + sz[0], sz[1]);
    v.header(cp, q + sz[0] + sz[1], cp.length - q - sz[0] - sz[1]);
    v.start(sink);
    vorbis = v;
  }

  private void frame(int p, int n) throws OpusException {
    if (opus != null) {
      opus.packet(b, p, n);
    } else {
      vorbis.packet(b, p, n, sink);
    }
  }

  private long readId() {
    if (pos >= b.length) {
      throw corrupt("the file ends inside an element id");
    }
    int first = b[pos] & 0xff;
    int len = Integer.numberOfLeadingZeros(first) - 23; // 1..4 for a valid id
    if (first == 0 || len > 4) {
      throw corrupt("a bad element id at byte " + pos);
    }
    if (pos + len > b.length) {
      throw corrupt("the file ends inside an element id");
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = v << 8 | (b[pos + i] & 0xff);
    }
    pos += len;
    return v;
  }

  /** An element size, or -1 for "unknown" (all value bits set). */
  private long readSize() {
    int at = pos;
    long v = readVint(b.length);
    int len = pos - at;
    return v == (1L << (7 * len)) - 1 ? -1 : v;
  }

  /** A variable-length integer of 1..8 bytes ending before {@code end}, without its length marker. */
  private long readVint(int end) {
    if (pos >= end) {
      throw corrupt("the data ends inside a variable-length number");
    }
    int first = b[pos] & 0xff;
    int len = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || pos + len > end) {
      throw corrupt(first == 0 ? "a bad variable-length number at byte " + pos
          : "the data ends inside a variable-length number");
    }
    long v = first & (0xff >> len);
    for (int i = 1; i < len; i++) {
      v = v << 8 | (b[pos + i] & 0xff);
    }
    pos += len;
    return v;
  }

  private long uint(int n) {
    if (n > 8) {
      throw corrupt("an integer element of " + n + " bytes");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = v << 8 | (b[pos + i] & 0xff);
    }
    return v;
  }

  /** A codec id as it may appear in a message: at most 32 printable ASCII characters. */
  private static String printable(String codecId) {
    String id = codecId.length() > 32 ? codecId.substring(0, 32) : codecId;
    return id.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? id : "(unprintable)";
  }

  private AudioFormatException corrupt(String what) {
    return new AudioFormatException(Kind.CORRUPT, where + ": " + what);
  }
}
