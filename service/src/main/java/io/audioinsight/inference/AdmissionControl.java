package io.audioinsight.inference;

import io.audioinsight.api.Problem;

/**
 * Decides, before a job is queued, whether the pool can take it. Vert.x worker queues are unbounded, so this
 * is the only thing that keeps a burst from becoming unbounded latency. One instance is shared by every
 * front end (all HTTP verticle instances and the event bus). Implementations are thread-safe: {@link #admit}
 * runs on event loops, the ticket callbacks on pool threads and event loops.
 */
public interface AdmissionControl {

  /**
   * Reserves a place in the queue for a job holding {@code audioSeconds} of audio.
   *
   * @throws Rejected when the queue is full or the service is draining
   */
  Ticket admit(double audioSeconds);

  /**
   * The refusal a new job would get right now whatever its size (the job limit is reached, or the service is
   * draining), or null. Lets a front end answer 503 without buffering the body; {@link #admit} stays the
   * authority.
   */
  Rejected refusalNow();

  /** Jobs admitted and not yet started (or dropped). */
  int waitingJobs();

  /** Seconds of audio in the waiting jobs. */
  double waitingAudioSeconds();

  /** Jobs on a pool thread now. */
  int runningJobs();

  /** From now on every {@link #admit} is refused with reason {@code draining}. Cannot be undone. */
  void stopAdmitting();

  /** True once {@link #stopAdmitting} was called. */
  boolean draining();

  /**
   * Feeds the throughput estimate with a run that finished normally: {@code audioSeconds} analysed in
   * {@code runNanos} on one thread. Jobs call it through their ticket; warm-up calls it directly.
   */
  void observe(double audioSeconds, long runNanos);

  /** One admitted job. Exactly one of {@link #started} and {@link #dropped} is called, then {@link #finished} if started. */
  interface Ticket {

    /** The job left the queue for a pool thread. */
    void started();

    /** The job left the queue without running (cancelled, or past its deadline). */
    void dropped();

    /** The job left its pool thread after {@code runNanos}; {@code completed} if the engine finished the analysis. */
    void finished(long runNanos, boolean completed);
  }

  /** A refusal: {@code reason} is the metric label ({@code queue_full}, {@code draining}), {@code problem} the 503. */
  final class Rejected extends RuntimeException {

    private final String reason;
    private final transient Problem problem;

    public Rejected(String reason, Problem problem) {
      super(problem.detail(), null, false, false);
      this.reason = reason;
      this.problem = problem;
    }

    public String reason() {
      return reason;
    }

    public Problem problem() {
      return problem;
    }
  }
}
