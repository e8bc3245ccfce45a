package io.audioinsight.audio.decode;

/** Little-endian reads from a byte array; callers check bounds. */
final class Bytes {

  private Bytes() {}

  static int u16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int i) {
    return ((b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (long) (b[i + 3] & 0xff) << 24);
  }

  static boolean isId(byte[] b, int i, String id) {
    return b[i] == id.charAt(0) && b[i + 1] == id.charAt(1) && b[i + 2] == id.charAt(2) && b[i + 3] == id.charAt(3);
  }

  /** True when the 4 bytes at i are printable ASCII, as every real chunk id is. */
  static boolean looksLikeChunkId(byte[] b, int i) {
    if ((long) i + 4 > b.length) {
      return false;
    }
    for (int k = i; k < i + 4; k++) {
      if (b[k] < 0x20 || b[k] > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
