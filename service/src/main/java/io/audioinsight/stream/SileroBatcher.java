package io.audioinsight.stream;

import io.audioinsight.audio.silero.SileroBatch;
import io.audioinsight.audio.silero.SileroLiveVad;
import io.audioinsight.audio.silero.SileroModel;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cross-stream micro-batching of the Silero model, in the manner of Triton's dynamic batcher: streams with work
 * queue up here; a round on the pool takes up to {@code batchSize} of them, decodes their new audio, and runs one
 * model call with a row for every stream that has a chunk ready (its own recurrent state in its row).
 *
 * <p>When a round starts (Triton's rule: a max batch and a max queue delay counted from the oldest waiting
 * stream): at once when a full batch is waiting beyond the rounds already submitted, or when the oldest waiting
 * stream has waited {@code waitMs} and no submitted round will take it; otherwise a timer fires when it will
 * have. So a lightly loaded batcher waits a few ms to fill a batch, and a saturated one runs rounds back to back
 * on every free pool thread (its streams have all waited), never idling a thread on the timer while work waits.
 *
 * <p>Under overload the streams opened first are served first (a round takes the earliest-opened ready streams):
 * the ones that fall behind, and are closed by the lag rule, are then the newest, and the streams already running
 * stay real-time. A fair round-robin would have let every stream fall behind together and closed them all.
 *
 * <p>A stream is in at most one round at a time (it is queued only while busy and taken out by one round), so its
 * chunks go through the model in order; after a round a stream with more to do queues again.
 * Rounds run on any pool threads in parallel.
 */
final class SileroBatcher implements WorkScheduler {

  private final Vertx vertx;
  private final WorkerExecutor pool;
  private final SileroModel model;
  private final int batchSize;
  private final long waitMs;
  private final long waitNanos;
  private final StreamMetrics metrics;
  /** Ready streams, the earliest opened first. */
  private final PriorityBlockingQueue<StreamWork> queue =
      new PriorityBlockingQueue<>(64, Comparator.comparingLong(w -> w.order));
  /** When the queue last went from empty to not empty: the longest any waiting stream has waited, about. */
  private volatile long firstQueuedNanos;
  private final AtomicInteger queued = new AtomicInteger();
  /** Rounds submitted and not yet started, so a burst of arrivals does not submit a round per stream. */
  private final AtomicInteger roundsPending = new AtomicInteger();
  private final AtomicBoolean timerArmed = new AtomicBoolean();

  SileroBatcher(Vertx vertx, WorkerExecutor pool, SileroModel model, int batchSize, long waitMs, StreamMetrics metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.model = model;
    this.batchSize = batchSize;
    this.waitMs = waitMs;
    this.waitNanos = waitMs * 1_000_000;
    this.metrics = metrics;
  }

  @Override
  public void ready(StreamWork work) {
    long now = System.nanoTime();
    queue.add(work);
    if (queued.getAndIncrement() == 0) {
      firstQueuedNanos = now;
    }
    schedule();
  }

  /** Submits the rounds the waiting streams call for now, or arms the timer for the oldest one's deadline. */
  private void schedule() {
    while (true) {
      int waiting = queued.get();
      if (waiting == 0) {
        return;
      }
      int pending = roundsPending.get();
      long waited = waitedNanos();
      boolean full = waiting >= (pending + 1) * batchSize;
      boolean due = pending == 0 && (waitMs == 0 || waited >= waitNanos);
      if (!full && !due) {
        if (pending == 0) { // else the submitted round, when it ends, looks again
          armTimer(waitNanos - waited);
        }
        return;
      }
      if (roundsPending.compareAndSet(pending, pending + 1)) {
        pool.executeBlocking(() -> {
          roundsPending.decrementAndGet();
          try {
            round();
          } finally {
            schedule();
          }
          return null;
        }, false);
        if (!full) {
          return;
        }
      }
    }
  }

  /**
   * About how long the longest-waiting stream has waited: since the queue last became non-empty. (A round that
   * leaves streams behind leaves a full batch or more, which starts the next round at once anyway.)
   */
  private long waitedNanos() {
    return Math.max(0, System.nanoTime() - firstQueuedNanos);
  }

  private void armTimer(long inNanos) {
    if (timerArmed.compareAndSet(false, true)) {
      long ms = Math.max(1, (inNanos + 999_999) / 1_000_000);
      vertx.setTimer(ms, id -> {
        timerArmed.set(false);
        schedule();
      });
    }
  }

  /** One round: up to batchSize streams, their audio decoded, one model call for those with a chunk ready. */
  private void round() {
    List<StreamWork> taken = new ArrayList<>(batchSize);
    for (StreamWork w; taken.size() < batchSize && (w = queue.poll()) != null; ) {
      queued.decrementAndGet();
      taken.add(w);
    }
    if (taken.isEmpty()) {
      return;
    }
    List<StreamWork> stepping = new ArrayList<>(taken.size());
    List<SileroLiveVad> rows = new ArrayList<>(taken.size());
    for (StreamWork w : taken) {
      try {
        w.ingest();
        if (w.needsModelStep()) {
          stepping.add(w);
          rows.add(w.silero());
        }
      } catch (RuntimeException e) {
        w.crashed(e);
      }
    }
    try {
      if (!rows.isEmpty()) {
        SileroBatch.step(model, rows);
        metrics.batch(rows.size());
      }
    } catch (RuntimeException e) {
      stepping.forEach(w -> w.crashed(e));
    }
    for (StreamWork w : taken) {
      try {
        w.emit();
      } catch (RuntimeException e) {
        w.crashed(e);
      } finally {
        w.release();
      }
    }
  }
}
