package io.audioinsight.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The PCM inside a WAV file, as a live stream sends it: 16-bit integer ({@code pcm_s16le}) or 32-bit float
 * ({@code pcm_f32le}) samples, interleaved. Other WAV encodings are refused with a message saying how to convert.
 */
record PcmWav(int sampleRate, int channels, String encoding, byte[] pcm) {

  int bytesPerSecond() {
    return sampleRate * channels * (encoding.equals("pcm_s16le") ? 2 : 4);
  }

  int frameBytes() {
    return channels * (encoding.equals("pcm_s16le") ? 2 : 4);
  }

  static PcmWav read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new IOException(file + " is not a RIFF/WAVE file");
    }
    int pos = 12;
    int format = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    while (pos + 8 <= b.limit()) {
      int id = b.getInt(pos);
      long size = b.getInt(pos + 4) & 0xffffffffL;
      int body = pos + 8;
      if (id == 0x20746d66) { // "fmt "
        format = b.getShort(body) & 0xffff;
        channels = b.getShort(body + 2);
        rate = b.getInt(body + 4);
        bits = b.getShort(body + 14);
        if (format == 0xfffe && size >= 26) {
          format = b.getShort(body + 24) & 0xffff; // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes
        }
      } else if (id == 0x61746164) { // "data"
        if (format < 0) {
          throw new IOException(file + ": data before fmt");
        }
        String encoding = format == 1 && bits == 16 ? "pcm_s16le" : format == 3 && bits == 32 ? "pcm_f32le" : null;
        if (encoding == null) {
          throw new IOException(file + ": format " + format + " with " + bits + " bits; streams take 16-bit PCM or "
              + "32-bit float (convert with: sox IN.wav -b 16 -e signed-integer OUT.wav)");
        }
        int end = (int) Math.min(b.limit(), body + size);
        return new PcmWav(rate, channels, encoding, Arrays.copyOfRange(b.array(), body, end));
      }
      pos = body + (int) size + (int) (size & 1);
    }
    throw new IOException(file + " has no data chunk");
  }
}
