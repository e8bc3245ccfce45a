package io.audioinsight.audio.decode;

/**
 * One container's decoder: reads the whole input from {@code offset} and puts its PCM into the sink.
 *
 * <p>Implementations throw {@link io.audioinsight.audio.AudioFormatException} for what they find wrong themselves.
 * The codec libraries report bad input with checked exceptions of their own (IOException, OpusException,
 * BitstreamException, ...) and with RuntimeExceptions of every kind (index out of bounds, null pointer, class cast):
 * {@link AudioDecoder} turns all of them into a 400 that names the format.
 */
interface FormatDecoder {

  /**
   * Decodes {@code input[offset..]} into {@code sink}, calling {@link MonoSink#start} before the first samples.
   *
   * @return what the input was, with the rate and channels the sink was started with
   */
  SourceFormat decode(byte[] input, int offset, MonoSink sink) throws Exception;
}
