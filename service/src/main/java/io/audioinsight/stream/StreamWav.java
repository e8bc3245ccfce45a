package io.audioinsight.stream;

import io.audioinsight.audio.decode.PcmStream;
import io.vertx.core.buffer.Buffer;

/**
 * The stream's audio as a WAV file (a 44-byte header in front of the PCM bytes the client sent, cut to whole sample
 * frames), so the summary is what {@code POST /v1/snr-detect} answers for the same audio: it takes the same path.
 */
final class StreamWav {

  private static final int HEADER = 44;
  private static final short FORMAT_PCM = 1;
  private static final short FORMAT_FLOAT = 3;

  private StreamWav() {}

  static Buffer of(StreamStart start, Buffer pcm) {
    int frameBytes = start.frameBytes();
    int data = pcm.length() / frameBytes * frameBytes;
    int bits = start.encoding().bytesPerSample * 8;
    Buffer wav = Buffer.buffer(HEADER + data)
        .appendString("RIFF").appendIntLE(36 + data).appendString("WAVE")
        .appendString("fmt ").appendIntLE(16)
        .appendShortLE(start.encoding() == PcmStream.Encoding.PCM_F32LE ? FORMAT_FLOAT : FORMAT_PCM)
        .appendShortLE((short) start.channels())
        .appendIntLE(start.sampleRate())
        .appendIntLE(start.sampleRate() * frameBytes)
        .appendShortLE((short) frameBytes)
        .appendShortLE((short) bits)
        .appendString("data").appendIntLE(data);
    return wav.appendBuffer(pcm, 0, data);
  }
}
