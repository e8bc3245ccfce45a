package io.audioinsight.inference;

import io.audioinsight.api.Problems;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission by backlog: at most {@code maxJobs} jobs and at most {@code maxAudioSeconds} seconds of audio may
 * wait for a pool thread; beyond either limit a request gets 503 at once. Cost is audio duration, because
 * inference time is proportional to it.
 *
 * <p>Retry-After is the time the pool needs to work through the backlog (the waiting audio plus half the running
 * audio) at the measured speed: an exponentially weighted mean of audio seconds analysed per second per thread,
 * over jobs that finished. At least one second.
 *
 * <p>Both limits are checked and reserved in one compare-and-set: the waiting job count and the waiting audio (in
 * milliseconds) are packed into a single {@code long}, so two event loops can never both take the last place.
 * With {@code enforce == false} (config {@code inference.admission_control=false}, for the comparison benchmark)
 * nothing is refused for being full, but the counts and gauges stay true.
 */
public final class BacklogAdmission implements AdmissionControl {

  static final int JOB_BITS = 20;
  static final int AUDIO_BITS = 64 - JOB_BITS;
  static final long MAX_JOBS = (1L << JOB_BITS) - 1;
  static final long AUDIO_MASK = (1L << AUDIO_BITS) - 1;
  /** Weight of the newest run in the speed estimate. */
  private static final double EWMA_WEIGHT = 0.125;
  private static final long MAX_RETRY_AFTER_SECONDS = 3_600;

  private final long maxJobs;
  private final long maxAudioMs;
  private final int threads;
  private final boolean enforce;
  /** Waiting jobs (high {@link #JOB_BITS} bits) and their audio in ms (low bits). */
  private final AtomicLong waiting = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong runningAudioMs = new AtomicLong();
  /** Audio seconds per second per thread, as double bits; NaN until the first run. */
  private final AtomicLong speed = new AtomicLong(Double.doubleToLongBits(Double.NaN));
  private volatile boolean draining;

  public BacklogAdmission(int maxJobs, double maxAudioSeconds, int threads, boolean enforce) {
    if (maxJobs < 1 || maxJobs > MAX_JOBS) {
      throw new IllegalArgumentException("maxJobs must be in 1.." + MAX_JOBS + ", was " + maxJobs);
    }
    this.maxJobs = maxJobs;
    this.maxAudioMs = toMs(maxAudioSeconds);
    this.threads = threads;
    this.enforce = enforce;
  }

  @Override
  public Ticket admit(double audioSeconds) {
    if (draining) {
      throw new Rejected("draining", Problems.draining(1));
    }
    long cost = toMs(audioSeconds);
    while (true) {
      long w = waiting.get();
      long jobs = w >>> AUDIO_BITS;
      long audio = w & AUDIO_MASK;
      if (enforce && jobs >= maxJobs) {
        throw full("the analysis queue is full (" + jobs + " jobs waiting, the limit is " + maxJobs
            + ", inference.max_queue)");
      }
      if (enforce && audio + cost > maxAudioMs && jobs > 0) {
        throw full(String.format(Locale.ROOT,
            "the analysis queue is full (%.1f s of audio waiting; this request's %.1f s would pass the limit of %.1f s, "
                + "inference.max_queued_audio_seconds)",
            audio / 1e3, cost / 1e3, maxAudioMs / 1e3));
      }
      if (jobs >= MAX_JOBS || audio + cost > AUDIO_MASK) {
        throw full("the analysis queue is full (" + jobs + " jobs waiting)");
      }
      if (waiting.compareAndSet(w, ((jobs + 1) << AUDIO_BITS) | (audio + cost))) {
        return new BacklogTicket(cost);
      }
    }
  }

  @Override
  public Rejected refusalNow() {
    if (draining) {
      return new Rejected("draining", Problems.draining(1));
    }
    long jobs = waiting.get() >>> AUDIO_BITS;
    if (enforce && jobs >= maxJobs) {
      return full("the analysis queue is full (" + jobs + " jobs waiting, the limit is " + maxJobs
          + ", inference.max_queue)");
    }
    return null;
  }

  private Rejected full(String detail) {
    return new Rejected("queue_full", Problems.overloaded(retryAfterSeconds(), detail + "; retry later"));
  }

  @Override
  public int waitingJobs() {
    return (int) (waiting.get() >>> AUDIO_BITS);
  }

  @Override
  public double waitingAudioSeconds() {
    return (waiting.get() & AUDIO_MASK) / 1e3;
  }

  @Override
  public int runningJobs() {
    return running.get();
  }

  @Override
  public void stopAdmitting() {
    draining = true;
  }

  @Override
  public boolean draining() {
    return draining;
  }

  /** Audio seconds one thread analyses per second, as measured (NaN before any run). */
  public double speed() {
    return Double.longBitsToDouble(speed.get());
  }

  @Override
  public void observe(double audioSeconds, long runNanos) {
    if (!(audioSeconds > 0) || runNanos <= 0) {
      return;
    }
    double x = audioSeconds / (runNanos / 1e9);
    speed.getAndUpdate(bits -> {
      double mean = Double.longBitsToDouble(bits);
      return Double.doubleToLongBits(Double.isNaN(mean) ? x : mean + EWMA_WEIGHT * (x - mean));
    });
  }

  /** Seconds until the pool has worked through what is waiting and half of what runs; at least 1. */
  long retryAfterSeconds() {
    double backlog = waitingAudioSeconds() + runningAudioMs.get() / 2e3;
    double perSecond = speed() * threads;
    double seconds = perSecond > 0 ? backlog / perSecond
        // No run measured yet: assume a second per job and thread.
        : (double) (waitingJobs() + running.get()) / threads;
    return Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, (long) Math.ceil(seconds)));
  }

  private static long toMs(double seconds) {
    return (long) Math.ceil(Math.max(0, seconds) * 1e3);
  }

  private void leaveQueue(long costMs) {
    waiting.addAndGet(-((1L << AUDIO_BITS) | costMs));
  }

  private final class BacklogTicket implements Ticket {

    private final long costMs;

    BacklogTicket(long costMs) {
      this.costMs = costMs;
    }

    @Override
    public void started() {
      running.incrementAndGet();
      runningAudioMs.addAndGet(costMs);
      leaveQueue(costMs);
    }

    @Override
    public void dropped() {
      leaveQueue(costMs);
    }

    @Override
    public void finished(long runNanos, boolean completed) {
      runningAudioMs.addAndGet(-costMs);
      running.decrementAndGet();
      if (completed) {
        observe(costMs / 1e3, runNanos);
      }
    }
  }
}
