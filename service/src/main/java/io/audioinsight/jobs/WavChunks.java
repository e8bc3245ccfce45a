package io.audioinsight.jobs;

import io.audioinsight.audio.decode.AudioDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A WAV file on disk cut into self-contained WAV files of at most {@code chunkSeconds} each, so that a file of hours
 * is analysed a chunk at a time with the memory of one chunk. Each chunk is the file's own fmt chunk (copied
 * verbatim, so every encoding the engine reads works) and a slice of its data, cut on frame boundaries.
 *
 * <p>Only the layout is read here (the first {@link #HEADER_BYTES} bytes); the engine validates the format when it
 * decodes the first chunk. {@link #open} returns null for anything that is not a RIFF/WAVE file with its fmt and
 * data chunks in the header bytes: such files are analysed whole.
 */
public final class WavChunks {

  static final int HEADER_BYTES = 65_536;
  /** A chunk never holds more than this many bytes of source PCM (a 32-channel 192 kHz file has short chunks). */
  static final long MAX_CHUNK_BYTES = 256L * 1024 * 1024;
  private static final long STREAMING_SIZE = 0xFFFF_FFFFL;

  private final Path file;
  private final byte[] fmtChunk;
  private final long dataStart;
  private final long frames;
  private final int blockAlign;
  private final int rate;

  private WavChunks(Path file, byte[] fmtChunk, long dataStart, long frames, int blockAlign, int rate) {
    this.file = file;
    this.fmtChunk = fmtChunk;
    this.dataStart = dataStart;
    this.frames = frames;
    this.blockAlign = blockAlign;
    this.rate = rate;
  }

  /** The layout of {@code file}, or null when it is not a WAV whose header this can read. Blocking. */
  public static WavChunks open(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // read the header
      }
      int len = b.position();
      if (len < 12 || !id(b, 0, "RIFF") || !id(b, 8, "WAVE")) {
        return null;
      }
      byte[] fmt = null;
      int blockAlign = 0;
      int rate = 0;
      long pos = 12;
      while (pos + 8 <= len) {
        int p = (int) pos;
        long chunkSize = Integer.toUnsignedLong(b.getInt(p + 4));
        if (id(b, p, "fmt ") && fmt == null) {
          if (chunkSize < 16 || pos + 8 + chunkSize > len) {
            return null;
          }
          fmt = new byte[(int) (8 + chunkSize + (chunkSize & 1))];
          for (int i = 0; i < fmt.length && p + i < len; i++) {
            fmt[i] = b.get(p + i);
          }
          rate = b.getInt(p + 12);
          blockAlign = Short.toUnsignedInt(b.getShort(p + 20));
        } else if (id(b, p, "data")) {
          if (fmt == null || blockAlign == 0 || rate <= 0) {
            return null;
          }
          long start = pos + 8;
          long present = size - start;
          long bytes = chunkSize == STREAMING_SIZE || chunkSize == 0 ? present : Math.min(chunkSize, present);
          return new WavChunks(file, fmt, start, bytes / blockAlign, blockAlign, rate);
        }
        pos += 8 + chunkSize + (chunkSize & 1);
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spooled audio " + file, e);
    }
  }

  /** Duration at the file's own rate. */
  public double seconds() {
    return frames / (double) rate;
  }

  public int rate() {
    return rate;
  }

  /** Frames per chunk for chunks of about {@code chunkSeconds}. */
  public long framesPerChunk(double chunkSeconds) {
    return Math.max(1, Math.min((long) Math.floor(chunkSeconds * rate), MAX_CHUNK_BYTES / blockAlign));
  }

  /** How many chunks of {@code framesPerChunk} cover the file (at least 1, so an empty file is analysed too). */
  public int count(long framesPerChunk) {
    return (int) Math.max(1, (frames + framesPerChunk - 1) / framesPerChunk);
  }

  /** The frame the chunk {@code index} starts at. */
  public long firstFrame(int index, long framesPerChunk) {
    return index * framesPerChunk;
  }

  /** Bytes per frame. */
  public int blockAlign() {
    return blockAlign;
  }

  /** Frames in the file. */
  public long frames() {
    return frames;
  }

  /**
   * Frames per chunk for chunks of about {@code chunkSeconds}, a multiple of {@code alignFrames} (chunk starts on
   * a grid the analysis lines up with, see {@code SignalAnalyzer.alignment}) unless a chunk would hold none.
   */
  public long framesPerChunk(double chunkSeconds, long alignFrames) {
    long n = framesPerChunk(chunkSeconds);
    return alignFrames > 1 && n >= alignFrames ? n / alignFrames * alignFrames : n;
  }

  /**
   * The mean of the whole file's samples as the engine's analysis of the whole file takes it out (the decoded
   * 16 kHz mono samples summed in double, in order), for a file the engine decodes sample for sample: 16 kHz mono
   * 16-bit PCM (each sample k/32768, so the sum is exact in any order) or 32-bit float (the spool's decoded
   * compressed audio, summed in order). NaN for anything else (resampled or mixed): each chunk then takes out its
   * own mean. Reads the whole file. Blocking.
   */
  public double mean16kMono() {
    int format = Short.toUnsignedInt(le16(fmtChunk, 8));
    int channels = Short.toUnsignedInt(le16(fmtChunk, 10));
    int bits = Short.toUnsignedInt(le16(fmtChunk, 22));
    boolean pcm16 = format == 1 && bits == 16;
    boolean float32 = format == 3 && bits == 32;
    if (rate != 16_000 || channels != 1 || !(pcm16 || float32) || frames == 0) {
      return Double.NaN;
    }
    long intSum = 0;
    double floatSum = 0;
    ByteBuffer b = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long at = dataStart;
      long end = dataStart + frames * blockAlign;
      while (at < end) {
        b.clear();
        b.limit((int) Math.min(b.capacity(), end - at));
        int read = ch.read(b, at);
        if (read < 0) {
          throw new IOException("the spooled audio ended early");
        }
        at += read;
        b.flip();
        if (pcm16) {
          while (b.remaining() >= 2) {
            intSum += b.getShort();
          }
        } else {
          while (b.remaining() >= 4) {
            float v = b.getFloat(); // as the decoder reads it: NaN as 0, cut at AudioDecoder.MAX_LEVEL
            floatSum += v != v ? 0f : Math.max(-AudioDecoder.MAX_LEVEL, Math.min(AudioDecoder.MAX_LEVEL, v));
          }
        }
        if (b.hasRemaining()) { // a sample split across reads: read it again with the next
          at -= b.remaining();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spooled audio " + file, e);
    }
    return (pcm16 ? intSum / 32_768.0 : floatSum) / frames;
  }

  private static short le16(byte[] b, int at) {
    return (short) ((b[at] & 0xff) | (b[at + 1] << 8));
  }

  /** Chunk {@code index} as a complete WAV file in memory. Blocking. */
  public byte[] chunk(int index, long framesPerChunk) {
    long first = firstFrame(index, framesPerChunk);
    return slice(first, Math.min(framesPerChunk, frames - first));
  }

  /** Frames {@code [first, first + count)} (cut to the file) as a complete WAV file in memory. Blocking. */
  public byte[] slice(long first, long count) {
    long n = Math.max(0, Math.min(count, frames - first));
    long dataBytes = n * blockAlign;
    byte[] out = new byte[(int) (12 + fmtChunk.length + 8 + dataBytes)];
    ByteBuffer w = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    w.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    w.putInt((int) (out.length - 8));
    w.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    w.put(fmtChunk);
    w.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    w.putInt((int) dataBytes);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      readFully(ch, w, dataStart + first * blockAlign);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spooled audio " + file, e);
    }
    return out;
  }

  /** The most one read asks of the channel ({@link #readFully}). */
  static final int MAX_READ_BYTES = 1 << 20;

  /**
   * Fills {@code dst} (a heap buffer) from {@code ch} at {@code at}, at most {@link #MAX_READ_BYTES} a read. Why in
   * pieces: the JDK reads a heap buffer through a temporary direct buffer the size of the read and keeps it for the
   * thread ({@code jdk.nio.maxCachedBufferSize} is unlimited by default), so one 57 MB read, a 2-hour MP3's, left 57
   * MB of native memory on that pool thread for good, and each chunk's read its size (peak RSS grew by ~60 MB a
   * compressed job, past 1 GiB at {@code -Xmx640m}).
   */
  static void readFully(FileChannel ch, ByteBuffer dst, long at) throws IOException {
    int end = dst.limit();
    try {
      while (dst.position() < end) {
        dst.limit(dst.position() + (int) Math.min(end - dst.position(), MAX_READ_BYTES));
        int read = ch.read(dst, at);
        if (read < 0) {
          throw new IOException("the spooled audio ended early");
        }
        at += read;
      }
    } finally {
      dst.limit(end);
    }
  }

  private static boolean id(ByteBuffer b, int at, String id) {
    for (int i = 0; i < 4; i++) {
      if (b.get(at + i) != id.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
