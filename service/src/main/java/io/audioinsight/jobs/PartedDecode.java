package io.audioinsight.jobs;

import io.audioinsight.audio.decode.Mp3Parts;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A compressed job's decode cut into parts ({@link Mp3Parts}) that run on the pool like chunks, each writing its
 * samples to its own place in the decoded WAV; once every part is done one task joins them (the WAV's header, the
 * whole file's mean from the parts' sums). On the manager's context only.
 */
final class PartedDecode {

  final Mp3Parts plan;
  /** Parts not started, or preempted and to run again (first). */
  final Deque<Integer> pending = new ArrayDeque<>();
  /** Per part, once written: what it found (the last part: the whole signal's length) and its samples' sum. */
  final Transcoder.Part[] done;
  private int doneCount;
  /** Parts on the pool now. */
  int inFlight;
  boolean joining;
  /** A part did not match one decode: no more parts start, and the job decodes whole once those running end. */
  boolean abandoned;
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

  void done(int part, Transcoder.Part result) {
    if (done[part] == null) {
      doneCount++;
    }
    done[part] = result;
  }

  /** Every part is done and the join has not started. */
  boolean readyToJoin() {
    return !abandoned && !joining && doneCount == done.length;
  }
}
