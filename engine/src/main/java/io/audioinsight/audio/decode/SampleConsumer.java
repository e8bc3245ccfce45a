package io.audioinsight.audio.decode;

/**
 * Where a streaming decode ({@link AudioDecoder#decodeTo}) puts its 16 kHz mono output, block by block, instead of
 * growing one array: a caller that writes the blocks to disk decodes hours of audio in bounded memory.
 */
@FunctionalInterface
public interface SampleConsumer {

  /** {@code samples[offset .. offset + length)}: the next output samples; the array is reused after the call. */
  void accept(float[] samples, int offset, int length);
}
