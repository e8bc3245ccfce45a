package io.audioinsight.audio;

/**
 * The 16 kHz mono samples of a long file's chunks, read again at the join ({@link Analyzer#speakersAcross}), one
 * chunk at a time, so that the join never holds more than one chunk's samples and the speech it keeps.
 */
@FunctionalInterface
public interface ChunkSamples {

  /** Chunk {@code index}'s reported part, decoded to 16 kHz mono as its analysis decoded it. Blocking. */
  float[] samples(int index);
}
