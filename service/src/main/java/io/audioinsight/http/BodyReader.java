package io.audioinsight.http;

import io.audioinsight.api.Problems;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads a request body into memory with a byte limit that is enforced while reading, so an oversize body is
 * refused after at most {@code limit} bytes, whatever Content-Length claims. Multipart is decoded by Vert.x
 * with {@code setExpectMultipart}; the {@code file} part streams into memory here, so nothing touches the
 * disk (vertx-web's BodyHandler would write uploads to temporary files).
 *
 * <p>Memory: the caller reserves a body's declared Content-Length in {@link BufferedBytes} before it is read; a
 * body without Content-Length (chunked) reserves chunk by chunk, and is refused with 503 as it arrives once it
 * no longer fits. Either way the chunks are kept as they came ({@link BodyChunks}) and joined once, off the
 * event loop: no growing buffer is copied again and again, and no large array is allocated on a loop.
 *
 * <p>On overflow the future fails with a 413 problem at once; the rest of the body is discarded and the
 * connection is closed once the client has finished sending (or after {@link #DISCARD_GRACE_MS}), so the
 * client can read the 413 rather than see a reset. A body still arriving at its time limit is refused the same
 * way, with the caller's failure: a stalled upload cannot hold a connection for ever. A body the HTTP decoder
 * cannot parse (a bad chunk size, an overlong chunk line or trailer) is a 400.
 */
final class BodyReader {

  static final String FILE_FIELD = "file";
  private static final long DISCARD_GRACE_MS = 2_000;

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final long limit;
  private final BufferedBytes.Share memory;
  /** True when the caller reserved Content-Length in {@link #memory}; else chunks reserve as they come. */
  private final boolean reservedUpFront;
  private final Promise<RequestBody> promise = Promise.promise();
  private long received;
  /** Over the byte limit or past the time limit: the rest of the body is discarded. */
  private boolean refused;

  private BodyReader(Vertx vertx, HttpServerRequest request, long limit, BufferedBytes.Share memory,
                     boolean reservedUpFront) {
    this.vertx = vertx;
    this.request = request;
    this.limit = limit;
    this.memory = memory;
    this.reservedUpFront = reservedUpFront;
  }

  /**
   * Reads the body, refusing it with {@code timedOut}'s failure if it has not ended by {@code deadlineNanos}
   * ({@link System#nanoTime()}); {@code timedOut} is called only then. {@code declaredLength} is the
   * Content-Length the caller already reserved in {@code memory} (at most {@code limit}), or -1 for a body
   * without one.
   */
  static Future<RequestBody> read(Vertx vertx, HttpServerRequest request, long limit, BufferedBytes.Share memory,
                                  long declaredLength, boolean multipart, long deadlineNanos,
                                  Supplier<Throwable> timedOut) {
    BodyReader reader = new BodyReader(vertx, request, limit, memory, declaredLength >= 0);
    long timer = atDeadline(vertx, deadlineNanos, () -> reader.timeUp(timedOut));
    Future<RequestBody> body = multipart ? reader.readMultipart() : reader.readRaw();
    return body.onComplete(done -> vertx.cancelTimer(timer));
  }

  /**
   * Drops a body chunk by chunk, never buffering it (on HTTP/1.x before Vert.x copies it: {@link RefusedBodyDrop}).
   * Completes with true once it has ended, or with false at
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
    RefusedBodyDrop.start(request);
    request.handler(chunk -> {}); // chunks Vert.x had already queued, or all of them where the drop cannot start
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
    RefusedBodyDrop.start(request);
    markLastOnConnection(request);
    promise.tryFail(timedOut.get());
    closeSoon(vertx, request);
  }

  private Future<RequestBody> readRaw() {
    BodyChunks body = new BodyChunks();
    request.exceptionHandler(this::streamFailed);
    request.handler(chunk -> {
      if (accept(chunk.length())) {
        body.add(chunk);
      }
    });
    request.endHandler(v -> ended(() -> new RequestBody(body, MultiMap.caseInsensitiveMultiMap())));
    request.resume();
    return promise.future();
  }

  private Future<RequestBody> readMultipart() {
    BodyChunks[] file = new BodyChunks[1];
    try {
      request.setExpectMultipart(true);
    } catch (RuntimeException e) {
      // Netty's decoder refuses a boundary or charset it cannot use; MultipartType screens the common ones first.
      return Future.failedFuture(Problems.badRequest("the multipart body cannot be decoded: " + e.getClass().getSimpleName())
          .toException());
    }
    request.exceptionHandler(this::streamFailed);
    request.uploadHandler(upload -> {
      boolean wanted = FILE_FIELD.equals(upload.name()) && file[0] == null;
      BodyChunks target = wanted ? new BodyChunks() : null;
      if (wanted) {
        file[0] = target;
      }
      upload.exceptionHandler(this::streamFailed);
      upload.handler(chunk -> {
        if (accept(chunk.length()) && target != null) {
          target.add(chunk);
        }
      });
    });
    request.endHandler(v -> ended(() -> new RequestBody(file[0], request.formAttributes())));
    request.resume();
    return promise.future();
  }

  /**
   * The request stream failed: the client left (nobody to answer), or Netty could not decode the body (a bad
   * chunk size, an overlong chunk line, extension or trailer, a malformed multipart part): a 400, not a bug.
   */
  private void streamFailed(Throwable t) {
    if (t instanceof HttpClosedException) {
      promise.tryFail(t);
      return;
    }
    refused = true;
    markLastOnConnection(request);
    promise.tryFail(Problems.malformedBody(t).toException());
    closeSoon(vertx, request);
  }

  /**
   * Counts {@code n} more bytes; false once refused. Fails the read with 413 when the limit is first passed,
   * or with 503 when a body without Content-Length no longer fits the memory budget.
   */
  private boolean accept(int n) {
    if (refused) {
      return false;
    }
    received += n;
    if (received > limit) {
      refuse(Problems.bodyTooLarge(limit));
      return false;
    }
    if (!reservedUpFront && !memory.reserve(n)) {
      refuse(Problems.bufferedBytesFull());
      return false;
    }
    return true;
  }

  private void refuse(io.audioinsight.api.Problem problem) {
    refused = true;
    RefusedBodyDrop.start(request);
    markLastOnConnection(request);
    promise.tryFail(problem.toException());
    closeSoon(vertx, request);
  }

  private void ended(Supplier<RequestBody> body) {
    if (refused) {
      // The 413 or 504 is written (or about to be, by the caller's failure handler); then the connection goes.
      if (request.response().ended()) {
        closeExchange(request);
      } else {
        request.response().bodyEndHandler(v -> closeExchange(request)); // not endHandler: the router owns it
      }
      return;
    }
    if (!promise.future().isComplete()) {
      promise.tryComplete(body.get());
    }
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
    RefusedBodyDrop.start(request);
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
    if (request.version() != HttpVersion.HTTP_2 && !request.response().headWritten()) {
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
}
