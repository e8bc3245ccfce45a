package io.audioinsight.audio.decode;

/**
 * The samples an MP3 decoder outputs before the source's first sample, so that decoded times match the source's.
 *
 * <ul>
 *   <li>A Xing/Info frame (the first frame of LAME and ffmpeg files) holds the file's tags, not audio; it decodes
 *       to one frame of silence.</li>
 *   <li>The LAME tag inside it gives the encoder's delay (576 samples by default), 12 bits.</li>
 *   <li>Every layer III decoder adds 529 samples (the hybrid filter bank's delay), which LAME's tag, mpg123 and
 *       ffmpeg all count on the decoder to remove.</li>
 * </ul>
 * Without a LAME tag the encoder's delay is unknown and only the decoder's is removed, as players do.
 */
final class Mp3Delay {

  /** Layer III decoder delay in samples (the LAME tag specification's "decoder delay"). */
  static final int LAYER3_DECODER_DELAY = 529;

  private Mp3Delay() {}

  /** Source-rate samples to drop from the start of the decoded output of the stream whose first frame is at
   *  {@code first}. */
  static int samplesToSkip(byte[] b, int first, MpegAudioHeader h) {
    if (h.layer() != 3) {
      return 0;
    }
    int skip = LAYER3_DECODER_DELAY;
    int tag = infoTagOffset(b, first, h);
    if (tag >= 0) {
      skip += h.samplesPerFrame();
      skip += lameEncoderDelay(b, tag, first + h.frameBytes());
    }
    return skip;
  }

  /** Where "Xing" or "Info" sits in the first frame (after the header and the side information), or -1. */
  private static int infoTagOffset(byte[] b, int first, MpegAudioHeader h) {
    boolean mpeg1 = h.samplesPerFrame() == 1152;
    int sideInfo = mpeg1 ? (h.channels() == 1 ? 17 : 32) : (h.channels() == 1 ? 9 : 17);
    boolean crc = (b[first + 1] & 1) == 0;
    int at = first + 4 + (crc ? 2 : 0) + sideInfo;
    if (at + 8 > b.length || at + 8 > first + h.frameBytes()) {
      return -1;
    }
    String id = new String(b, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    return id.equals("Xing") || id.equals("Info") ? at : -1;
  }

  /** The LAME tag's encoder delay, or 0 when the Info frame has no LAME tag. */
  private static int lameEncoderDelay(byte[] b, int tag, int frameEnd) {
    int flags = b[tag + 7] & 0xff;
    int at = tag + 8;
    at += (flags & 1) != 0 ? 4 : 0; // frame count
    at += (flags & 2) != 0 ? 4 : 0; // byte count
    at += (flags & 4) != 0 ? 100 : 0; // seek table
    at += (flags & 8) != 0 ? 4 : 0; // quality
    // LAME tag: 9-byte encoder version, revision, lowpass, peak (4), two replay gains (2 + 2), flags, bitrate, then
    // 12 bits of delay and 12 of padding
    int delayAt = at + 21;
    int end = Math.min(b.length, frameEnd);
    if (delayAt + 3 > end || !(b[at] == 'L' && b[at + 1] == 'A' && b[at + 2] == 'M' && b[at + 3] == 'E'
        || b[at] == 'L' && b[at + 1] == 'a' && b[at + 2] == 'v')) { // ffmpeg writes "Lavf"/"Lavc" and a LAME tag
      return 0;
    }
    return (b[delayAt] & 0xff) << 4 | (b[delayAt + 1] & 0xff) >> 4;
  }
}
