package io.audioinsight.audio.decode;

import java.io.EOFException;
import java.io.IOException;
import net.sourceforge.jaad.mp4.MP4InputStream;

/**
 * JAAD's MP4 input over a byte array, with a {@code skip} that never returns 0, showing the boxes that {@link
 * Mp4AudioBoxes} frees as {@code free}, without copying the input.
 *
 * <p>JAAD's {@code MP4InputStream.skipBytes} loops {@code while (done < n) done += skip((int) (n - done))}. Over
 * its own stream wrapper, a skip at the end of a truncated file returns 0, and so does the negative count the int
 * cast makes of a box of 2 GiB or more: the loop then spins forever. Here both throw instead.
 */
final class ByteArrayMp4Stream extends MP4InputStream {

  private final byte[] b;
  /** Offsets of box types read as {@code free} ({@link Mp4AudioBoxes}), ascending. */
  private final int[] freedTypes;
  private int pos;

  ByteArrayMp4Stream(byte[] b, int offset, int[] freedTypes) {
    this.b = b;
    this.pos = offset;
    this.freedTypes = freedTypes;
  }

  @Override
  public long getOffset() {
    return pos;
  }

  @Override
  public void seek(long p) throws IOException {
    if (p < 0 || p > b.length) {
      throw new EOFException("seek past the end");
    }
    pos = (int) p;
  }

  @Override
  public boolean seekSupported() {
    return true;
  }

  @Override
  public boolean hasLeft() {
    return pos < b.length;
  }

  @Override
  public void close() {
  }

  @Override
  public int read() {
    if (pos >= b.length) {
      return -1;
    }
    byte[] one = {b[pos]};
    Mp4AudioBoxes.overlay(freedTypes, pos++, one, 0, 1);
    return one[0] & 0xff;
  }

  @Override
  public int read(byte[] d, int off, int len) {
    if (pos >= b.length) {
      return -1;
    }
    int n = Math.min(len, b.length - pos);
    System.arraycopy(b, pos, d, off, n);
    Mp4AudioBoxes.overlay(freedTypes, pos, d, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      throw new EOFException("a box size out of range");
    }
    if (pos >= b.length) {
      throw new EOFException("the file ends inside a box");
    }
    long k = Math.min(n, b.length - pos);
    pos += (int) k;
    return k;
  }

  @Override
  public int available() {
    return b.length - pos;
  }
}
