package io.audioinsight.config;

/**
 * Live streams on {@code GET /v1/stream} (README "Live streams").
 *
 * @param maxStreams      open streams at once; an upgrade beyond gets 503 + Retry-After
 * @param maxLagMs        audio a stream may have waiting for the pool before it is closed with 1013
 * @param maxDurationS    longest stream (audio seconds); also bounds the audio kept for the summary; in force: at
 *                        most inference.max_audio_seconds ({@link #cappedBy})
 * @param idleTimeoutMs   a stream with no message (nor pong) for this long is closed with 1008
 * @param maxMessageBytes largest binary or text message
 * @param batchSize       most Silero rows per model call (1 = no cross-stream batching)
 * @param batchWaitMs     longest a ready chunk waits for others to fill a batch
 * @param maxBufferedBytes audio bytes all streams together keep for their summaries (0 = a third of the JVM's
 *                        maximum heap, {@link #bufferedBytesLimit})
 */
public record StreamConfig(
    int maxStreams,
    long maxLagMs,
    double maxDurationS,
    long idleTimeoutMs,
    int maxMessageBytes,
    int batchSize,
    long batchWaitMs,
    long maxBufferedBytes) {

  /**
   * This config with the stream duration capped at {@code maxAudioSeconds} (inference.max_audio_seconds): a stream's
   * summary is a file analysis of its audio, which longer audio could not get.
   */
  public StreamConfig cappedBy(double maxAudioSeconds) {
    return maxDurationS <= maxAudioSeconds ? this : new StreamConfig(maxStreams, maxLagMs, maxAudioSeconds,
        idleTimeoutMs, maxMessageBytes, batchSize, batchWaitMs, maxBufferedBytes);
  }

  /**
   * The budget in force for the audio streams keep: {@code maxBufferedBytes}, or where it is 0 a third of the heap
   * this JVM may grow to. A stream keeps its audio as sent (an 8-channel 48 kHz float stream is 1.5 MB a second), so
   * the open streams' audio must be bounded together, not only per stream, or they alone could fill the heap.
   */
  public long bufferedBytesLimit() {
    return maxBufferedBytes > 0 ? maxBufferedBytes : Runtime.getRuntime().maxMemory() / 3;
  }
}
