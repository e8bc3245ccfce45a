package io.audioinsight.http;

import io.audioinsight.api.Problems;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into memory with a byte limit that is enforced while reading, so an oversize body is
 * refused after at most {@code limit} bytes, whatever Content-Length claims. Multipart is decoded by Vert.x
 * with {@code setExpectMultipart}; the {@code file} part streams into a Buffer here, so nothing touches the
 * disk (vertx-web's BodyHandler would write uploads to temporary files).
 *
 * <p>On overflow the future fails with a 413 problem at once; the rest of the body is discarded and the
 * connection is closed once the client has finished sending (or after {@link #DISCARD_GRACE_MS}), so the
 * client can read the 413 rather than see a reset.
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
  private boolean overflowed;

  private BodyReader(Vertx vertx, HttpServerRequest request, long limit) {
    this.vertx = vertx;
    this.request = request;
    this.limit = limit;
  }

  static Future<RequestBody> read(Vertx vertx, HttpServerRequest request, long limit, boolean multipart) {
    BodyReader reader = new BodyReader(vertx, request, limit);
    return multipart ? reader.readMultipart() : reader.readRaw();
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

  /** Counts {@code n} more bytes; false once over the limit (and fails the read the first time). */
  private boolean accept(int n) {
    if (overflowed) {
      return false;
    }
    received += n;
    if (received > limit) {
      overflowed = true;
      promise.tryFail(Problems.bodyTooLarge(limit).toException());
      closeSoon(vertx, request);
      return false;
    }
    return true;
  }

  private void ended(RequestBody body) {
    if (overflowed) {
      // The 413 is written (or about to be, by the caller's failure handler); then the connection goes.
      if (request.response().ended()) {
        request.connection().close();
      } else {
        request.response().endHandler(v -> request.connection().close());
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
      request.connection().close();
      return;
    }
    request.handler(chunk -> {});
    request.endHandler(v -> request.connection().close());
    request.resume();
    closeSoon(vertx, request);
  }

  /** If the client keeps sending, do not wait for it for ever. */
  private static void closeSoon(Vertx vertx, HttpServerRequest request) {
    vertx.setTimer(DISCARD_GRACE_MS, id -> request.connection().close());
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
