package io.audioinsight.jobs;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.decode.Mp3Parts;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A compressed job's decode cut into parts ({@link Mp3Parts}) that run on the pool like chunks, each writing its
 * samples to its own place in the decoded WAV; once every part is done one task joins them (the WAV's header, the
 * whole file's mean from the parts' sums). The parts' bookkeeping, on the manager's context only.
 */
final class PartedDecode {

  /** What the job does after a part's task ended. */
  enum Next {
    /** Start what may start: more parts, or the join. */
    GO_ON,
    /** The job fails with the part's failure. */
    FAIL,
    /** A part did not match one decode and no part runs any more: decode the file whole. */
    DECODE_WHOLE
  }

  final Mp3Parts plan;
  /** Parts not started, or preempted and to run again (first). */
  private final Deque<Integer> pending = new ArrayDeque<>();
  /** Per part, once written: what it found (the last part: the whole signal's length) and its samples' sum. */
  final Transcoder.Part[] done;
  private int doneCount;
  /** Parts on the pool now. */
  private int inFlight;
  private boolean joining;
  /** A part did not match one decode: no more parts start, and the job decodes whole once those running end. */
  private boolean abandoned;
  /** When the parts were planned, for the log. */
  final long startNanos = System.nanoTime();

  PartedDecode(Mp3Parts plan) {
    this.plan = plan;
    this.done = new Transcoder.Part[plan.parts()];
    for (int k = 0; k < plan.parts(); k++) {
      pending.add(k);
    }
  }

  boolean hasPending() {
    return !abandoned && !pending.isEmpty();
  }

  /** The next part to start, counted as on the pool until {@link #ended}. */
  int start() {
    inFlight++;
    return pending.remove();
  }

  /**
   * Part {@code part}'s task ended: written ({@code result}), or with {@code failure}; {@code preempted}: it gave its
   * thread to a synchronous request. A preempted part runs again, unless the parts have been given up; a part that
   * does not match one decode gives them up, and the job decodes whole once no part runs (never while one still
   * writes into the file the whole decode would write).
   */
  Next ended(int part, Transcoder.Part result, Throwable failure, boolean preempted) {
    inFlight--;
    if (failure instanceof Mp3Parts.Mismatch) {
      abandoned = true;
    } else if (failure instanceof AnalysisCancelledException && preempted) {
      if (!abandoned) {
        pending.addFirst(part);
      }
    } else if (failure != null) {
      return Next.FAIL;
    } else {
      if (done[part] == null) {
        doneCount++;
      }
      done[part] = result;
    }
    return abandoned && inFlight == 0 ? Next.DECODE_WHOLE : Next.GO_ON;
  }

  boolean abandoned() {
    return abandoned;
  }

  /** Every part is done and the join has not started. */
  boolean readyToJoin() {
    return !abandoned && !joining && doneCount == done.length;
  }

  void joining() {
    joining = true;
  }
}
