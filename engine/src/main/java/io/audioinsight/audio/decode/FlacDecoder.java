package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC through jflac, frame by frame ({@code readNextFrame}, not jflac's own {@code decode} loop, which reports
 * frame errors on System.out and goes on). jflac still prints a debug line for each escape-coded residual
 * partition, which {@link QuietStdout} drops.
 *
 * <p>jflac sees only STREAMINFO and the frames: the other metadata blocks (tags, pictures, seek tables, cue
 * sheets) are walked and skipped here, because jflac sizes arrays from the counts inside them (fuzzing found a
 * VORBIS_COMMENT whose comment count made it allocate gigabytes).
 */
final class FlacDecoder implements FormatDecoder {

  private static final int STREAMINFO = 0;
  private static final int STREAMINFO_BYTES = 34;
  private static final int INVALID_BLOCK_TYPE = 127;

  @Override
  public SourceFormat decode(byte[] input, int offset, MonoSink sink) throws IOException {
    FLACDecoder flac = new FLACDecoder(streamInfoAndFrames(input, offset));
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
    while ((frame = flac.readNextFrame()) != null) {
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

  /** "fLaC", the STREAMINFO block marked as the last one, then the frames: the metadata blocks between are dropped. */
  private static InputStream streamInfoAndFrames(byte[] b, int offset) {
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
      }
      p += 4 + length;
    }
    if (head == null) {
      throw new AudioFormatException(Kind.CORRUPT, "FLAC: the stream has no STREAMINFO block");
    }
    return new SequenceInputStream(new ByteArrayInputStream(head), new ByteArrayInputStream(b, p, b.length - p));
  }
}
