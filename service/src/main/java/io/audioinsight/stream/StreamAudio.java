package io.audioinsight.stream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The audio a stream has sent, kept for its summary in blocks of 64 KiB. Appending to one growing buffer would copy
 * the whole stream on the event loop at every doubling (megabytes for a long stream); keeping each message's own
 * array would cost an object per message, and a client sending one-byte messages would then hold some 30 bytes of
 * heap per byte of audio while {@code stream.max_buffered_bytes} counted one. The one copy into a WAV file happens on
 * the pool, when the summary is made ({@link StreamWav}), and each block is let go of as it is copied.
 */
final class StreamAudio {

  static final int BLOCK_BYTES = 64 * 1024;

  private final List<byte[]> blocks = new ArrayList<>();
  /** Bytes used in the last block. */
  private int tail = BLOCK_BYTES;
  private long length;

  /** Event loop: appends a copy of {@code part}. */
  void add(byte[] part) {
    int at = 0;
    while (at < part.length) {
      if (tail == BLOCK_BYTES) {
        blocks.add(new byte[BLOCK_BYTES]);
        tail = 0;
      }
      int n = Math.min(part.length - at, BLOCK_BYTES - tail);
      System.arraycopy(part, at, blocks.get(blocks.size() - 1), tail, n);
      tail += n;
      at += n;
    }
    length += part.length;
  }

  long length() {
    return length;
  }

  /**
   * The blocks in order (read on the pool after the stream's last message); the last is filled only up to
   * {@link #length()}; a block already moved out by {@link #moveInto} is null.
   */
  List<byte[]> blocks() {
    return blocks;
  }

  /**
   * On the pool, after the stream's last message: puts the first {@code bytes} bytes into {@code out} and lets go of
   * each block once it is copied, so that during the summary's analysis (the decoded signal, the spectrogram) the
   * stream's audio is held once, in the WAV, rather than twice. The audio is then spent.
   */
  void moveInto(ByteBuffer out, long bytes) {
    long left = bytes;
    for (int i = 0; i < blocks.size() && left > 0; i++) {
      byte[] block = blocks.get(i);
      int n = (int) Math.min(left, block.length);
      out.put(block, 0, n);
      left -= n;
      blocks.set(i, null);
    }
    blocks.replaceAll(b -> null);
  }
}
