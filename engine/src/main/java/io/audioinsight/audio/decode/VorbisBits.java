package io.audioinsight.audio.decode;

/** Reads a Vorbis header packet as libogg's bit packer does: least significant bit of each byte first. */
final class VorbisBits {

  private final byte[] b;
  private final long endBit;
  private long bit;

  VorbisBits(byte[] b, int off, int len) {
    this.b = b;
    this.bit = (long) off * 8;
    this.endBit = ((long) off + Math.max(0, len)) * 8;
  }

  /** The next {@code n} (0 to 31) bits as an unsigned number; -1 where the packet ends first. */
  int read(int n) {
    if (bit + n > endBit) {
      bit = endBit;
      return -1;
    }
    int v = 0;
    for (int i = 0; i < n; i++, bit++) {
      v |= ((b[(int) (bit >>> 3)] >> (bit & 7)) & 1) << i;
    }
    return v;
  }

  /** Skips {@code n} bits; false where the packet ends first. */
  boolean skip(long n) {
    if (n < 0 || n > endBit - bit) {
      bit = endBit;
      return false;
    }
    bit += n;
    return true;
  }

  long bitsLeft() {
    return endBit - bit;
  }
}
