package io.audioinsight.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The jobs' meters: {@code audio_jobs{state}} (jobs kept, by state), {@code audio_jobs_queue_depth} (jobs waiting to
 * start), {@code audio_jobs_spool_bytes} (audio held on disk), {@code audio_jobs_preempted_total} (chunks stopped to
 * let a synchronous request have their thread) and {@code audio_fetch_failures_total{reason}}.
 */
public final class JobMetrics {

  private final MeterRegistry registry;
  private final Map<JobState, AtomicInteger> byState = new EnumMap<>(JobState.class);
  private final Counter preempted;

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (JobState s : JobState.values()) {
      AtomicInteger n = new AtomicInteger();
      byState.put(s, n);
      Gauge.builder("audio.jobs", n, AtomicInteger::get).tag("state", s.wire())
          .description("Jobs kept in the job store, by state").register(registry);
    }
    preempted = Counter.builder("audio.jobs.preempted")
        .description("Job chunks stopped (and queued again) so that a synchronous request could have their thread")
        .register(registry);
  }

  public void gauges(Supplier<Number> queueDepth, Supplier<Number> spoolBytes) {
    Gauge.builder("audio.jobs.queue.depth", queueDepth).description("Jobs waiting to start").register(registry);
    Gauge.builder("audio.jobs.spool", spoolBytes).baseUnit("bytes")
        .description("Audio bytes the kept jobs hold under jobs.dir").register(registry);
  }

  /** A job moved from {@code from} (null: new) to {@code to} (null: deleted). */
  void moved(JobState from, JobState to) {
    if (from != null) {
      byState.get(from).decrementAndGet();
    }
    if (to != null) {
      byState.get(to).incrementAndGet();
    }
  }

  void preempted() {
    preempted.increment();
  }

  public void fetchFailed(String reason) {
    Counter.builder("audio.fetch.failures").tag("reason", reason)
        .description("audio_url and callback_url fetches that failed, by reason").register(registry).increment();
  }
}
