package io.audioinsight.jobs;

/**
 * One piece of a job's work on the pool: a chunk, or a step of a compressed job's decode. Stopped by a cancel of its
 * job, a shutdown, or (chunks and decode parts) a synchronous request that needs its thread.
 */
final class ChunkTask {

  /** What the task does. */
  enum Kind {
    /** One chunk through the engine; {@link #index} is the chunk. */
    CHUNK,
    /** A compressed job's whole decode, or its plan of parts ({@link ChunkWork#decode}). */
    DECODE,
    /** One part of an MP3 decoded in parts; {@link #index} is the part. */
    DECODE_PART,
    /** The parts joined into the decoded WAV ({@link ChunkWork#joinParts}). */
    DECODE_JOIN;

    /** Whether a task of this kind may be stopped for a synchronous request and run again: the short ones. */
    boolean preemptible() {
      return this == CHUNK || this == DECODE_PART;
    }
  }

  final RunningJob job;
  final Kind kind;
  final int index;
  volatile boolean preempted;
  volatile boolean stopped;
  long nanos;
  /** It went on from the chunk before it ({@link RunningJob#carryInto}) rather than running over context. */
  boolean carried;
  /** Whether synchronous requests run or wait on the pool now (read from the chunk's own thread). */
  private final java.util.function.BooleanSupplier requestsPresent;

  ChunkTask(RunningJob job, Kind kind, int index, java.util.function.BooleanSupplier requestsPresent) {
    this.job = job;
    this.kind = kind;
    this.index = index;
    this.requestsPresent = requestsPresent;
  }

  /**
   * Asked by the engine at each of its checkpoints (every few milliseconds of work): stop for a cancel, a
   * shutdown or a preemption; and while synchronous requests run or wait, pause right there (the thread parks, its
   * work so far kept) and go on once they are gone, so that a request has the cores to itself rather than share
   * one with a chunk. Unlike a preemption this loses nothing, but it keeps the pool thread: a request that finds
   * no free thread still preempts a chunk (JobManager's {@code preemptIfRequestsWait}).
   */
  io.audioinsight.audio.Cancellation cancellation() {
    return () -> {
      while (!stoppedNow() && requestsPresent.getAsBoolean()) {
        java.util.concurrent.locks.LockSupport.parkNanos(JobManager.PAUSE_POLL_NANOS);
      }
      return stoppedNow();
    };
  }

  /** Cancelled, preempted or shut down: the chunk is to stop. */
  boolean stoppedNow() {
    return job.cancelled || preempted || stopped;
  }
}
