package io.audioinsight.audio.silero;

import java.util.Arrays;

/**
 * {@link HopGrid#map} for chunk probabilities that arrive one at a time: each block of the caller's grid is
 * produced as soon as the chunks covering it are known, with the same arithmetic, so the values are identical.
 */
final class HopStream {

  private final int hop;
  private float[] chunks = new float[64];
  private int chunkCount;
  private long nextBlock;

  HopStream(int hop) {
    this.hop = hop;
  }

  /** Adds the next chunk's probability; returns the blocks it completes (full ones only). */
  float[] add(float p) {
    if (chunkCount == chunks.length) {
      chunks = Arrays.copyOf(chunks, 2 * chunks.length);
    }
    chunks[chunkCount++] = p;
    long covered = (long) chunkCount * SileroModel.CHUNK;
    int ready = (int) Math.max(0, covered / hop - nextBlock);
    float[] out = new float[ready];
    for (int i = 0; i < ready; i++) {
      out[i] = block(nextBlock++, Long.MAX_VALUE);
    }
    return out;
  }

  /** The remaining blocks of a signal of {@code length} samples, the last one possibly partial. */
  float[] finish(long length) {
    long blocks = (length + hop - 1) / hop;
    float[] out = new float[(int) Math.max(0, blocks - nextBlock)];
    for (int i = 0; i < out.length; i++) {
      out[i] = block(nextBlock++, length);
    }
    return out;
  }

  private float block(long j, long length) {
    long start = j * hop;
    long end = Math.min(start + hop, length);
    double weighted = 0;
    for (long c = start / SileroModel.CHUNK; c * SileroModel.CHUNK < end; c++) {
      long overlap = Math.min(end, (c + 1) * SileroModel.CHUNK) - Math.max(start, c * SileroModel.CHUNK);
      weighted += (double) chunks[(int) c] * overlap;
    }
    return (float) (weighted / (end - start));
  }
}
