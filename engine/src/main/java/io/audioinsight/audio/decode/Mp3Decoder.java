package io.audioinsight.audio.decode;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.io.ByteArrayInputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/** MPEG audio layers I-III through JLayer (which skips an ID3v2 tag itself), less the encoder's and the
 *  decoder's delay ({@link Mp3Delay}). */
final class Mp3Decoder implements FormatDecoder {

  @Override
  public SourceFormat decode(byte[] input, int offset, MonoSink sink) throws BitstreamException, DecoderException {
    int first = FormatSniffer.firstMpegFrame(input, FormatSniffer.id3v2End(input));
    if (first < 0) {
      throw new AudioFormatException(Kind.CORRUPT, "MP3: no MPEG audio frames after the ID3 tag");
    }
    MpegAudioHeader header = MpegAudioHeader.at(input, first);
    Bitstream stream = new Bitstream(new ByteArrayInputStream(input, first, input.length - first));
    Decoder decoder = new Decoder();
    int skip = header == null ? 0 : Mp3Delay.samplesToSkip(input, first, header);
    Header h;
    while ((h = stream.readFrame()) != null) {
      SampleBuffer pcm = (SampleBuffer) decoder.decodeFrame(h, stream);
      int channels = pcm.getChannelCount();
      sink.start(pcm.getSampleFrequency(), channels);
      int frames = pcm.getBufferLength() / channels;
      int skipped = Math.min(skip, frames);
      skip -= skipped;
      sink.interleaved16(pcm.getBuffer(), skipped * channels, frames - skipped, channels);
      stream.closeFrame();
    }
    if (!sink.started()) {
      throw new AudioFormatException(Kind.CORRUPT, "MP3: no frame could be decoded");
    }
    return new SourceFormat("mp3", header.codec(), sink.rate(), sink.channels());
  }
}
