package io.audioinsight.stream;

import io.vertx.core.WorkerExecutor;

/**
 * One pool task per run of a stream's work (the DSP engine, which analyses as it ingests). A stream is handed over
 * only while busy, so its tasks never overlap; {@code ordered=false} because streams are independent.
 */
final class SerialScheduler implements WorkScheduler {

  private final WorkerExecutor pool;

  SerialScheduler(WorkerExecutor pool) {
    this.pool = pool;
  }

  @Override
  public void ready(StreamWork work) {
    pool.executeBlocking(() -> {
      try {
        work.ingest();
        work.emit();
      } catch (RuntimeException e) {
        work.crashed(e);
      } finally {
        work.release();
      }
      return null;
    }, false);
  }
}
