package io.audioinsight.fetch;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A download kept in memory, for a synchronous request's {@code audio_url} (bounded by the caller's byte limit and
 * reserved against {@code http.max_buffered_bytes} as it grows). Never full: the limit is enforced by the fetcher.
 */
public final class MemorySink implements WriteStream<Buffer> {

  private final Buffer bytes = Buffer.buffer();

  public Buffer bytes() {
    return bytes;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    bytes.appendBuffer(data);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }
}
