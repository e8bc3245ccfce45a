package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameDecodeException;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC through jflac, frame by frame ({@code readNextFrame}, not jflac's own {@code decode} loop, which reports
 * frame errors on System.out and goes on). jflac still prints a debug line for each escape-coded residual
 * partition, which {@link QuietStdout} drops.
 *
 * <p>jflac sees only STREAMINFO, with its total sample count cleared, and the frames: the other metadata blocks
 * (tags, pictures, seek tables, cue sheets) are walked and skipped here, because jflac sizes arrays from the counts
 * inside them (fuzzing found a VORBIS_COMMENT whose comment count made it allocate gigabytes); a known total
 * makes jflac stop looking for frame syncs once it has counted that many samples.
 */
final class FlacDecoder implements FormatDecoder {

  private static final int STREAMINFO = 0;
  private static final int STREAMINFO_BYTES = 34;
  private static final int INVALID_BLOCK_TYPE = 127;

  /** jflac's private frame-sync search and current frame: its own readNextFrame loop cannot be stopped. */
  private static final Method FIND_FRAME_SYNC = accessible(() -> FLACDecoder.class.getDeclaredMethod("findFrameSync"));
  private static final Field FRAME = accessible(() -> FLACDecoder.class.getDeclaredField("frame"));

  @Override
  public SourceFormat decode(byte[] input, int offset, MonoSink sink) throws Exception {
    EndOnce stream = streamInfoAndFrames(input, offset);
    FLACDecoder flac = new FLACDecoder(stream);
    flac.readMetadata();
    StreamInfo info = flac.getStreamInfo();
    if (info == null) {
      throw new AudioFormatException(Kind.CORRUPT, "FLAC: the stream has no STREAMINFO block");
    }
    int bits = info.getBitsPerSample();
    int channels = info.getChannels();
    if (bits < 4 || bits > 32) {
      throw new AudioFormatException(Kind.CORRUPT, "FLAC: STREAMINFO says " + bits + " bits per sample");
    }
    sink.start(info.getSampleRate(), channels);
    int[][] planes = new int[channels][];
    Frame frame;
    while ((frame = nextFrame(flac, stream)) != null) {
      if (frame.header.channels != channels || frame.header.bitsPerSample != bits) {
        throw new AudioFormatException(Kind.CORRUPT, "FLAC: a frame's channels or sample size differ from "
            + "STREAMINFO's");
      }
      ChannelData[] data = flac.getChannelData();
      for (int c = 0; c < channels; c++) {
        planes[c] = data[c].getOutput();
      }
      sink.planarInt(planes, channels, frame.header.blockSize, bits);
    }
    return new SourceFormat("flac", "flac", sink.rate(), sink.channels());
  }

  /**
   * jflac's readNextFrame, with an end: it retries after every bad frame, and at the end of a stream cut inside a
   * frame its bit reader keeps yielding stale bytes that it takes for bad frame headers, forever (found by fuzzing).
   * Here a bad frame once all input has been read ends the stream.
   */
  private static Frame nextFrame(FLACDecoder flac, EndOnce stream) throws Exception {
    while (true) {
      try {
        FIND_FRAME_SYNC.invoke(flac);
        flac.readFrame();
        return (Frame) FRAME.get(flac);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof EOFException) {
          return null;
        }
        throw e.getCause() instanceof Exception cause ? cause : e;
      } catch (EOFException e) {
        return null;
      } catch (FrameDecodeException e) {
        if (stream.ended) {
          return null;
        }
      }
    }
  }

  private static <T extends AccessibleObject> T accessible(ReflectiveLookup<T> lookup) {
    try {
      T member = lookup.find();
      member.setAccessible(true);
      return member;
    } catch (NoSuchMethodException | NoSuchFieldException e) {
      throw new IllegalStateException("jflac without the members FlacDecoder uses", e);
    }
  }

  @FunctionalInterface
  private interface ReflectiveLookup<T> {
    T find() throws NoSuchMethodException, NoSuchFieldException;
  }

  /** "fLaC", the STREAMINFO block marked as the last one, then the frames: the metadata blocks between are dropped. */
  private static EndOnce streamInfoAndFrames(byte[] b, int offset) {
    int p = offset + 4; // after "fLaC"
    byte[] head = null;
    boolean last = false;
    while (!last) {
      if (p + 4 > b.length) {
        throw new AudioFormatException(Kind.CORRUPT, "FLAC: the file ends inside its metadata");
      }
      int type = b[p] & 0x7f;
      last = (b[p] & 0x80) != 0;
      int length = (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
      if ((long) p + 4 + length > b.length) {
        throw new AudioFormatException(Kind.CORRUPT, "FLAC: a metadata block runs past the end of the file");
      }
      if (type == INVALID_BLOCK_TYPE) {
        throw new AudioFormatException(Kind.CORRUPT, "FLAC: a metadata block of the invalid type 127");
      }
      if (type == STREAMINFO && head == null) {
        if (length < STREAMINFO_BYTES) {
          throw new AudioFormatException(Kind.CORRUPT, "FLAC: STREAMINFO is " + length + " bytes; it needs 34");
        }
        head = new byte[4 + 4 + STREAMINFO_BYTES];
        System.arraycopy(b, offset, head, 0, 4);
        head[4] = (byte) (0x80 | STREAMINFO);
        head[7] = STREAMINFO_BYTES;
        System.arraycopy(b, p + 4, head, 8, STREAMINFO_BYTES);
        // total samples "unknown": once jflac has counted that many (a frame's sample number can claim it at once),
        // it stops searching for frame syncs and reads whatever follows as a frame header
        head[8 + 13] &= (byte) 0xF0;
        Arrays.fill(head, 8 + 14, 8 + 18, (byte) 0);
      }
      p += 4 + length;
    }
    if (head == null) {
      throw new AudioFormatException(Kind.CORRUPT, "FLAC: the stream has no STREAMINFO block");
    }
    return new EndOnce(new SequenceInputStream(new ByteArrayInputStream(head),
        new ByteArrayInputStream(b, p, b.length - p)));
  }

  /** Reports the end of the data once, then throws EOFException; {@link #ended} says whether it has been reached. */
  private static final class EndOnce extends FilterInputStream {
    boolean ended;

    EndOnce(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      return atEnd(super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return atEnd(super.read(b, off, len));
    }

    private int atEnd(int result) throws EOFException {
      if (result >= 0) {
        return result;
      }
      if (ended) {
        throw new EOFException("the FLAC data ends inside a frame");
      }
      ended = true;
      return result;
    }
  }
}
