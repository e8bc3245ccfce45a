package io.audioinsight.inference;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admitted analysis on its way through the pool, and the race between the pool thread that runs it and
 * the event loop that may cancel it (deadline timer, client gone). Every transition is one compare-and-set,
 * so exactly one side wins:
 * <pre>
 *   QUEUED --start()--> RUNNING --complete()--> DONE
 *     |                    |
 *   cancel()             cancel()
 *     v                    v
 *   DROPPED (never runs)  CANCELLED (the engine sees it at its next check and stops)
 * </pre>
 */
final class Job {

  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int DROPPED = 3;
  private static final int CANCELLED = 4;

  final Operation operation;
  final RequestParams params;
  final AdmissionControl.Ticket ticket;
  final long submittedNanos;
  final long deadlineNanos;
  final long timeoutMs;
  private final AtomicInteger state = new AtomicInteger(QUEUED);
  /** Released when the job is dropped, so a dead job waiting in the pool's queue holds no audio. */
  private volatile Buffer wav;
  /** What the engine polls: cancelled by the event loop, or past the deadline even before the timer fires. */
  final Cancellation cancellation;

  Job(Operation operation, AudioRequest request, AdmissionControl.Ticket ticket, long submittedNanos,
      long deadlineNanos, long timeoutMs) {
    this.operation = operation;
    this.params = request.params();
    this.wav = request.wav();
    this.ticket = ticket;
    this.submittedNanos = submittedNanos;
    this.timeoutMs = timeoutMs;
    this.deadlineNanos = deadlineNanos;
    this.cancellation = () -> state.get() == CANCELLED || System.nanoTime() - deadlineNanos > 0;
  }

  /** Pool thread: takes the job out of the queue; false if it was dropped meanwhile (then it must not run). */
  boolean start() {
    return state.compareAndSet(QUEUED, RUNNING);
  }

  /** Pool thread: the engine finished; false if the job was cancelled meanwhile (the answer is unwanted). */
  boolean complete() {
    return state.compareAndSet(RUNNING, DONE);
  }

  /** The bytes to analyse; only valid after a successful {@link #start}. */
  Buffer wav() {
    return wav;
  }

  /** How a {@link #cancel} went: nothing to do, or the job left the queue, or a running job was told to stop. */
  enum Cancelled { NOT_ACTIVE, DROPPED_FROM_QUEUE, STOPPED_WHILE_RUNNING }

  /** Any thread: withdraws the job. The caller does the bookkeeping for whichever transition this made. */
  Cancelled cancel() {
    while (true) {
      int s = state.get();
      if (s == QUEUED && state.compareAndSet(QUEUED, DROPPED)) {
        wav = null;
        return Cancelled.DROPPED_FROM_QUEUE;
      }
      if (s == RUNNING && state.compareAndSet(RUNNING, CANCELLED)) {
        return Cancelled.STOPPED_WHILE_RUNNING;
      }
      if (s != QUEUED && s != RUNNING) {
        return Cancelled.NOT_ACTIVE;
      }
    }
  }

  /** True once a running job was cancelled (its work, whatever the engine did, is wasted). */
  boolean wasCancelled() {
    return state.get() == CANCELLED;
  }

  boolean pastDeadline(long nowNanos) {
    return nowNanos - deadlineNanos > 0;
  }
}
