package io.audioinsight.stream;

import io.audioinsight.audio.decode.PcmStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The stream's audio as a WAV file (a 44-byte header in front of the PCM bytes the client sent, cut to whole sample
 * frames), so the summary is what {@code POST /v1/snr-detect} answers for the same audio: it takes the same path.
 * The stream's blocks are let go of as they are copied into it ({@link StreamAudio#moveInto}).
 */
final class StreamWav {

  private static final int HEADER = 44;
  private static final short FORMAT_PCM = 1;
  private static final short FORMAT_FLOAT = 3;

  private StreamWav() {}

  static byte[] of(StreamStart start, StreamAudio audio) {
    int frameBytes = start.frameBytes();
    int data = (int) (audio.length() / frameBytes * frameBytes); // at most stream.max_duration_s: well under 2 GiB
    int bits = start.encoding().bytesPerSample * 8;
    ByteBuffer wav = ByteBuffer.allocate(HEADER + data).order(ByteOrder.LITTLE_ENDIAN)
        .put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII))
        .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
        .putShort(start.encoding() == PcmStream.Encoding.PCM_F32LE ? FORMAT_FLOAT : FORMAT_PCM)
        .putShort((short) start.channels())
        .putInt(start.sampleRate())
        .putInt(start.sampleRate() * frameBytes)
        .putShort((short) frameBytes)
        .putShort((short) bits)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
    audio.moveInto(wav, data);
    return wav.array();
  }
}
