package io.audioinsight.jobs;

import io.audioinsight.api.Problem;
import io.audioinsight.fetch.UrlFetcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads a job's {@code audio_url} into its spool file (up to {@code fetch.max_bytes}, reserving the bytes against
 * {@code jobs.max_spool_bytes} as they arrive) and forces it to disk. On failure the partial file is deleted and its
 * bytes given back. Completes with the byte count. {@link JobManager#acceptUrl} runs it after the job's 202; when
 * {@code abort} completes (the job was cancelled) the connection is closed and the download fails the same way.
 */
public final class UrlSpooler {

  private UrlSpooler() {}

  public static Future<Long> toSpool(Vertx vertx, UrlFetcher fetcher, AudioSpool spool, String jobId, String url,
                                     Problem spoolFull, Future<Void> abort) {
    AtomicLong reserved = new AtomicLong();
    String path = spool.file(jobId).toString();
    return vertx.fileSystem().open(path, new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
        .compose(file -> fetcher.fetch(url, fetcher.config().maxBytes(), "fetch.max_bytes", file, n -> {
              if (!spool.reserve(n)) {
                return false;
              }
              reserved.addAndGet(n);
              return true;
            }, spoolFull, abort)
            .compose(bytes -> file.close().map(bytes))
            .compose(bytes -> vertx.executeBlocking(() -> {
              spool.force(jobId);
              return bytes;
            }, false))
            .recover(failure -> closeQuietly(file)
                .compose(v -> vertx.fileSystem().delete(path).recover(x -> Future.succeededFuture()))
                .transform(v -> {
                  spool.release(reserved.getAndSet(0));
                  return Future.failedFuture(failure);
                })));
  }

  private static Future<Void> closeQuietly(AsyncFile file) {
    return file.close().recover(x -> Future.succeededFuture());
  }
}
