package io.audioinsight.http;

import io.audioinsight.api.Problems;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads a request body into memory with a byte limit that is enforced while reading, so an oversize body is
 * refused after at most {@code limit} bytes, whatever Content-Length claims. Multipart is decoded by Vert.x
 * with {@code setExpectMultipart}; the {@code file} part streams into a Buffer here, so nothing touches the
 * disk (vertx-web's BodyHandler would write uploads to temporary files).
 *
 * <p>On overflow the future fails with a 413 problem at once; the rest of the body is discarded and the
 * connection is closed once the client has finished sending (or after {@link #DISCARD_GRACE_MS}), so the
 * client can read the 413 rather than see a reset. A body still arriving at its time limit is refused the same
 * way, with the caller's failure: a stalled upload cannot hold a connection for ever.
 */
final class BodyReader {

  static final String FILE_FIELD = "file";
  /** First allocation for a body: never more than this, whatever Content-Length says. */
  private static final int INITIAL_CAPACITY = 64 * 1024;
  private static final long DISCARD_GRACE_MS = 2_000;

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final long limit;
  private final Promise<RequestBody> promise = Promise.promise();
  private long received;
  /** Over the byte limit or past the time limit: the rest of the body is discarded. */
  private boolean refused;

  private BodyReader(Vertx vertx, HttpServerRequest request, long limit) {
    this.vertx = vertx;
    this.request = request;
    this.limit = limit;
  }

  /**
   * Reads the body, refusing it with {@code timedOut}'s failure if it has not ended by {@code deadlineNanos}
   * ({@link System#nanoTime()}); {@code timedOut} is called only then.
   */
  static Future<RequestBody> read(Vertx vertx, HttpServerRequest request, long limit, boolean multipart,
                                  long deadlineNanos, Supplier<Throwable> timedOut) {
    BodyReader reader = new BodyReader(vertx, request, limit);
    long timer = atDeadline(vertx, deadlineNanos, () -> reader.timeUp(timedOut));
    Future<RequestBody> body = multipart ? reader.readMultipart() : reader.readRaw();
    return body.onComplete(done -> vertx.cancelTimer(timer));
  }

  /**
   * Drops a body chunk by chunk, never buffering it. Completes with true once it has ended, or with false at
   * {@code deadlineNanos} if it is still arriving; the exchange is then marked as the connection's last and
   * closed when the client stops sending (2 s at most). Never completes if the client leaves.
   */
  static Future<Boolean> discard(Vertx vertx, HttpServerRequest request, long deadlineNanos) {
    if (request.isEnded()) {
      return Future.succeededFuture(true);
    }
    Promise<Boolean> ended = Promise.promise();
    long timer = atDeadline(vertx, deadlineNanos, () -> {
      markLastOnConnection(request);
      ended.tryComplete(false);
      discardAndClose(vertx, request);
    });
    request.handler(chunk -> {});
    // The client left: nothing to answer, nothing to log, and nothing to keep for the timer.
    request.exceptionHandler(t -> vertx.cancelTimer(timer));
    request.endHandler(v -> {
      vertx.cancelTimer(timer);
      ended.tryComplete(true);
    });
    request.resume();
    return ended.future();
  }

  /** A timer that runs {@code action} at {@code deadlineNanos} ({@link System#nanoTime()}), at once if past. */
  private static long atDeadline(Vertx vertx, long deadlineNanos, Runnable action) {
    long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    return vertx.setTimer(delayMs, id -> action.run());
  }

  private void timeUp(Supplier<Throwable> timedOut) {
    if (promise.future().isComplete() || refused) {
      return;
    }
    refused = true;
    markLastOnConnection(request);
    promise.tryFail(timedOut.get());
    closeSoon(vertx, request);
  }

  private Future<RequestBody> readRaw() {
    Buffer body = Buffer.buffer(initialCapacity());
    request.exceptionHandler(promise::tryFail);
    request.handler(chunk -> {
      if (accept(chunk.length())) {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> ended(new RequestBody(body, MultiMap.caseInsensitiveMultiMap())));
    request.resume();
    return promise.future();
  }

  private Future<RequestBody> readMultipart() {
    Buffer[] file = new Buffer[1];
    request.setExpectMultipart(true);
    request.exceptionHandler(t -> promise.tryFail(Problems.badRequest("the multipart body is malformed").toException()));
    request.uploadHandler(upload -> {
      boolean wanted = FILE_FIELD.equals(upload.name()) && file[0] == null;
      Buffer target = wanted ? Buffer.buffer(initialCapacity()) : null;
      if (wanted) {
        file[0] = target;
      }
      upload.exceptionHandler(t -> promise.tryFail(Problems.badRequest("the multipart body is malformed").toException()));
      upload.handler(chunk -> {
        if (accept(chunk.length()) && target != null) {
          target.appendBuffer(chunk);
        }
      });
    });
    request.endHandler(v -> ended(new RequestBody(file[0], request.formAttributes())));
    request.resume();
    return promise.future();
  }

  /** Counts {@code n} more bytes; false once refused (and fails the read when the limit is first passed). */
  private boolean accept(int n) {
    if (refused) {
      return false;
    }
    received += n;
    if (received > limit) {
      refused = true;
      markLastOnConnection(request);
      promise.tryFail(Problems.bodyTooLarge(limit).toException());
      closeSoon(vertx, request);
      return false;
    }
    return true;
  }

  private void ended(RequestBody body) {
    if (refused) {
      // The 413 or 504 is written (or about to be, by the caller's failure handler); then the connection goes.
      if (request.response().ended()) {
        closeExchange(request);
      } else {
        request.response().endHandler(v -> closeExchange(request));
      }
      return;
    }
    promise.tryComplete(body);
  }

  /**
   * For a body refused without reading it: discard what the client still sends and close the connection when
   * it is done (the 413 is already on its way).
   */
  static void discardAndClose(Vertx vertx, HttpServerRequest request) {
    if (request.isEnded()) {
      closeExchange(request);
      return;
    }
    request.handler(chunk -> {});
    request.endHandler(v -> closeExchange(request));
    request.resume();
    closeSoon(vertx, request);
  }

  /** If the client keeps sending, do not wait for it for ever. */
  private static void closeSoon(Vertx vertx, HttpServerRequest request) {
    vertx.setTimer(DISCARD_GRACE_MS, id -> closeExchange(request));
  }

  /**
   * Says that the answer about to go out is the last on this HTTP/1.x connection, so the client does not reuse a
   * connection that {@link #closeExchange} will close. (HTTP/2 forbids the header; there only the stream ends.)
   */
  static void markLastOnConnection(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2) {
      request.response().putHeader("Connection", "close");
    }
  }

  /**
   * Ends an exchange whose body is refused: closes an HTTP/1.x connection (the unread rest of the body makes it
   * unusable), or on HTTP/2 resets only this stream, because the connection carries other requests.
   */
  static void closeExchange(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else {
      request.connection().close();
    }
  }

  private int initialCapacity() {
    String header = request.getHeader("Content-Length");
    if (header == null) {
      return 1024;
    }
    try {
      return (int) Math.max(0, Math.min(INITIAL_CAPACITY, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return 1024;
    }
  }
}
