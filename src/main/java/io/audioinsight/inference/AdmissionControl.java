package io.audioinsight.inference;

/**
 * Decides, before a job is queued, whether the pool can take it. Vert.x worker queues are unbounded, so this
 * is the only thing that keeps a burst from becoming unbounded latency. One instance is shared by every
 * front end. Implementations must be thread-safe: {@link #admit} runs on event loops, the ticket callbacks on
 * pool threads.
 */
public interface AdmissionControl {

  /**
   * Reserves a place in the queue for {@code request}, or throws a 503
   * {@link io.audioinsight.api.ProblemException} with Retry-After.
   */
  Ticket admit(AudioRequest request);

  /** Jobs admitted and not yet started. */
  int waiting();

  /** One admitted job. Exactly one of {@link #started} and {@link #dropped} is called, then {@link #finished} if started. */
  interface Ticket {

    /** The job left the queue for a pool thread. */
    void started();

    /** The job left the queue without running (cancelled or past its deadline). */
    void dropped();

    /** The job ran for {@code runNanos}, successfully or not. */
    void finished(long runNanos);
  }
}
