package io.audioinsight.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A body's bytes as they arrived, one buffer per network read. Joining them is one copy of the whole body, so a
 * body over {@link #JOIN_ON_LOOP_MAX} bytes is joined on a worker thread: allocating and filling tens of
 * megabytes would stall the event loop (measured: 100-400 ms for a 63 MiB body).
 */
final class BodyChunks {

  static final int JOIN_ON_LOOP_MAX = 256 * 1024;

  private final List<Buffer> parts = new ArrayList<>();
  private int length;

  void add(Buffer chunk) {
    parts.add(chunk);
    length += chunk.length();
  }

  int length() {
    return length;
  }

  /** The whole body as one buffer; joined on a worker when it is large. Call it once. */
  Future<Buffer> joined(Vertx vertx) {
    if (parts.size() == 1) {
      return Future.succeededFuture(parts.get(0));
    }
    if (length <= JOIN_ON_LOOP_MAX) {
      return Future.succeededFuture(join());
    }
    return vertx.executeBlocking(this::join, false);
  }

  private Buffer join() {
    Buffer all = Buffer.buffer(length);
    parts.forEach(all::appendBuffer);
    parts.clear();
    return all;
  }
}
