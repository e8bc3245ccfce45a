package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC through jflac, frame by frame ({@code readNextFrame}, not jflac's own {@code decode} loop, which reports
 * frame errors on System.out and goes on). jflac still prints a debug line for each escape-coded residual
 * partition, which {@link QuietStdout} drops.
 */
final class FlacDecoder implements FormatDecoder {

  @Override
  public SourceFormat decode(byte[] input, int offset, MonoSink sink) throws IOException {
    FLACDecoder flac = new FLACDecoder(new ByteArrayInputStream(input, offset, input.length - offset));
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
}
