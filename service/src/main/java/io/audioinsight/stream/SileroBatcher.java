package io.audioinsight.stream;

import io.audioinsight.audio.silero.SileroBatch;
import io.audioinsight.audio.silero.SileroLiveVad;
import io.audioinsight.audio.silero.SileroModel;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cross-stream micro-batching of the Silero model, in the manner of Triton's dynamic batcher: streams with work
 * queue up here; a round on the pool takes up to {@code batchSize} of them, decodes their new audio, and runs one
 * model call with a row for every stream that has a chunk ready (its own recurrent state in its row). A round
 * starts as soon as a full batch is waiting, or {@code waitMs} after the first stream of a partial one arrived.
 * A stream is in at most one round at a time (it is queued only while busy and taken out by one round), so its
 * chunks go through the model in order; after a round a stream with more to do queues again, at the back.
 * Rounds run on any pool threads in parallel.
 */
final class SileroBatcher implements WorkScheduler {

  private final Vertx vertx;
  private final WorkerExecutor pool;
  private final SileroModel model;
  private final int batchSize;
  private final long waitMs;
  private final StreamMetrics metrics;
  private final ConcurrentLinkedQueue<StreamWork> queue = new ConcurrentLinkedQueue<>();
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
    this.metrics = metrics;
  }

  @Override
  public void ready(StreamWork work) {
    queue.add(work);
    int n = queued.incrementAndGet();
    schedule(n);
  }

  private void schedule(int waiting) {
    if (waiting >= (roundsPending.get() + 1) * batchSize || waitMs == 0) {
      submitRound();
    } else if (timerArmed.compareAndSet(false, true)) {
      vertx.setTimer(waitMs, id -> {
        timerArmed.set(false);
        if (queued.get() > 0) {
          submitRound();
        }
      });
    }
  }

  private void submitRound() {
    roundsPending.incrementAndGet();
    pool.executeBlocking(() -> {
      roundsPending.decrementAndGet();
      round();
      return null;
    }, false);
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
    int left = queued.get();
    if (left > 0) {
      schedule(left);
    }
  }
}
