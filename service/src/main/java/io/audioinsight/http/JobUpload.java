package io.audioinsight.http;

import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.jobs.AudioSpool;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Streams a raw audio body straight into a job's spool file, never holding more than a few chunks in memory (the
 * file's write queue pauses the request when the disk is slower than the network). The bytes are reserved against
 * {@code jobs.max_spool_bytes} (all of Content-Length up front, or chunk by chunk) and the body is limited to
 * {@code jobs.max_upload_bytes} while it arrives. On success the file is forced to disk before the future
 * completes with its size; on any failure the file is deleted and its bytes given back.
 */
final class JobUpload {

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final AudioSpool spool;
  private final String jobId;
  private final long limit;
  private final long declared;
  private final Promise<Long> done = Promise.promise();
  private AsyncFile file;
  private long received;
  private long reserved;

  private JobUpload(Vertx vertx, HttpServerRequest request, AudioSpool spool, String jobId, long limit,
                    long declared) {
    this.vertx = vertx;
    this.request = request;
    this.spool = spool;
    this.jobId = jobId;
    this.limit = limit;
    this.declared = declared;
  }

  /**
   * Reads the body of {@code request} (paused by the caller, Content-Length {@code declared} or -1) into the spool
   * file of {@code jobId}; fails with the problem to answer.
   */
  static Future<Long> toSpool(Vertx vertx, HttpServerRequest request, AudioSpool spool, String jobId, long limit,
                              long declared, Problem spoolFull) {
    JobUpload upload = new JobUpload(vertx, request, spool, jobId, limit, declared);
    if (declared >= 0) {
      if (!spool.reserve(declared)) {
        return Future.failedFuture(spoolFull.toException());
      }
      upload.reserved = declared;
    }
    upload.start(spoolFull);
    return upload.done.future();
  }

  private void start(Problem spoolFull) {
    vertx.fileSystem().open(spool.file(jobId).toString(),
            new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
        .onFailure(this::fail)
        .onSuccess(f -> {
          file = f;
          if (done.future().isComplete()) {
            cleanUp();
            return;
          }
          request.handler(chunk -> onChunk(chunk, spoolFull));
          request.exceptionHandler(this::fail);
          request.endHandler(v -> onEnd());
          request.resume();
        });
  }

  private void onChunk(Buffer chunk, Problem spoolFull) {
    if (done.future().isComplete()) {
      return;
    }
    received += chunk.length();
    if (received > limit) {
      fail(Problem.of(413, "body-too-large", "Request body too large", "the audio exceeds the limit of " + limit
          + " bytes for a job upload (jobs.max_upload_bytes)").toException());
      return;
    }
    if (received > reserved) {
      long more = received - reserved;
      if (!spool.reserve(more)) {
        fail(spoolFull.toException());
        return;
      }
      reserved += more;
    }
    file.write(chunk);
    if (file.writeQueueFull()) {
      request.pause();
      file.drainHandler(v -> request.resume());
    }
  }

  private void onEnd() {
    if (done.future().isComplete()) {
      return;
    }
    if (reserved > received) {
      spool.release(reserved - received);
      reserved = received;
    }
    file.close()
        .compose(v -> vertx.executeBlocking(() -> {
          spool.force(jobId);
          return received;
        }, false))
        .onSuccess(done::tryComplete)
        .onFailure(this::fail);
  }

  private void fail(Throwable t) {
    if (done.tryFail(t)) {
      cleanUp();
    }
  }

  private void cleanUp() {
    long toRelease = reserved;
    reserved = 0;
    Future<Void> closed = file == null ? Future.succeededFuture() : file.close().recover(x -> Future.succeededFuture());
    closed.compose(v -> vertx.fileSystem().delete(spool.file(jobId).toString()).recover(x -> Future.succeededFuture()))
        .onComplete(v -> spool.release(toRelease));
  }
}
