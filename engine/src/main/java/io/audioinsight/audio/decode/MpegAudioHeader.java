package io.audioinsight.audio.decode;

/**
 * One MPEG-1/2/2.5 audio frame header (layers I, II, III): enough to tell a real MP3 from bytes that happen to
 * hold a sync word, and to know how long the frame is.
 *
 * @param frameBytes the whole frame, header included
 * @param samplesPerFrame PCM frames one frame decodes to (384, 1152 or 576)
 */
record MpegAudioHeader(int layer, int sampleRate, int bitrateKbps, int frameBytes, int samplesPerFrame,
                       int channels) {

  private static final int[][] BITRATES_KBPS = {
    {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 layer II
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 layer III
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 layer I
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 layers II and III
  };
  private static final int[] MPEG1_RATES = {44_100, 48_000, 32_000};

  /** The header at {@code at}, or null when the 4 bytes there are not a valid, non-free-format frame header. */
  static MpegAudioHeader at(byte[] b, int at) {
    if (at < 0 || (long) at + 4 > b.length) {
      return null;
    }
    int b1 = b[at + 1] & 0xff;
    int b2 = b[at + 2] & 0xff;
    int b3 = b[at + 3] & 0xff;
    if ((b[at] & 0xff) != 0xFF || (b1 & 0xE0) != 0xE0) {
      return null;
    }
    int version = (b1 >> 3) & 3; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
    int layerBits = (b1 >> 1) & 3; // 0: reserved, 1: III, 2: II, 3: I
    int bitrateIndex = b2 >> 4;
    int rateIndex = (b2 >> 2) & 3;
    if (version == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3
        || (b3 & 3) == 2) { // emphasis 2 is reserved
      return null;
    }
    int layer = 4 - layerBits;
    boolean mpeg1 = version == 3;
    int rate = MPEG1_RATES[rateIndex] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
    int table = mpeg1 ? layer - 1 : layer == 1 ? 3 : 4;
    int kbps = BITRATES_KBPS[table][bitrateIndex];
    int padding = (b2 >> 1) & 1;
    int frameBytes;
    int samples;
    if (layer == 1) {
      frameBytes = (12 * kbps * 1000 / rate + padding) * 4;
      samples = 384;
    } else if (layer == 2 || mpeg1) {
      frameBytes = 144 * kbps * 1000 / rate + padding;
      samples = 1152;
    } else {
      frameBytes = 72 * kbps * 1000 / rate + padding;
      samples = 576;
    }
    int channels = (b3 >> 6) == 3 ? 1 : 2;
    return new MpegAudioHeader(layer, rate, kbps, frameBytes, samples, channels);
  }

  /** ffmpeg's codec name for the layer. */
  String codec() {
    return "mp" + layer;
  }
}
