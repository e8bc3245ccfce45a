package io.audioinsight.observe;

import io.audioinsight.audio.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service's own meters (names as in DESIGN.md). Micrometer names are dotted; the Prometheus registry
 * renders {@code audio.inference} as {@code audio_inference_seconds}, a counter as {@code *_total}.
 */
public final class ServiceMetrics {

  private final MeterRegistry registry;
  private final Map<Operation, Timer> inference = new EnumMap<>(Operation.class);
  private final Timer queueWait;
  private final Counter processedAudioSeconds;
  private final Counter wastedInferenceSeconds;
  private final Counter refusedBodyBytes;

  public ServiceMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Operation op : Operation.values()) {
      inference.put(op, Timer.builder("audio.inference")
          .description("Time a pool thread spent on one analysis")
          .tag("operation", label(op))
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofMinutes(5))
          .register(registry));
    }
    queueWait = Timer.builder("audio.queue.wait")
        .description("Time a job waited for a pool thread")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
    processedAudioSeconds = Counter.builder("audio.processed.audio")
        .baseUnit("seconds")
        .description("Seconds of audio analysed")
        .register(registry);
    wastedInferenceSeconds = Counter.builder("audio.wasted.inference")
        .baseUnit("seconds")
        .description("Pool-thread CPU seconds spent on jobs that were cancelled while running (deadline or client gone)")
        .register(registry);
    refusedBodyBytes = Counter.builder("audio.http.refused.body")
        .baseUnit("bytes")
        .description("Bytes of refused HTTP/1.x request bodies released unread, before they were copied to the heap")
        .register(registry);
    // Present from the start at 0, so dashboards and the benchmarks can read them before the first event.
    for (String reason : new String[] {"queue_full", "draining", "memory"}) {
      rejectedCounter(reason);
    }
    for (String reason : new String[] {"deadline", "client_gone"}) {
      cancelledCounter(reason);
    }
    closedConnections("limit");
    closedConnections("header_timeout");
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Registers {@code audio_queue_depth}, what waits for a pool thread, in two units: {@code unit="jobs"} and
   * {@code unit="audio_seconds"} (admission control limits both).
   */
  public void queueDepth(Supplier<Number> jobs, Supplier<Number> audioSeconds) {
    Gauge.builder("audio.queue.depth", jobs).tag("unit", "jobs")
        .description("Jobs (unit=jobs) or seconds of audio (unit=audio_seconds) waiting for a pool thread")
        .register(registry);
    Gauge.builder("audio.queue.depth", audioSeconds).tag("unit", "audio_seconds")
        .description("Jobs (unit=jobs) or seconds of audio (unit=audio_seconds) waiting for a pool thread")
        .register(registry);
  }

  public void inference(Operation op, long nanos) {
    inference.get(op).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void queueWait(long nanos) {
    queueWait.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void processedAudio(double seconds) {
    processedAudioSeconds.increment(seconds);
  }

  public void rejected(String reason) {
    rejectedCounter(reason).increment();
  }

  public void cancelled(String reason) {
    cancelledCounter(reason).increment();
  }

  /** Adds the CPU time of a job that was cancelled while it ran: work whose result nobody read. */
  public void wastedInference(long nanos) {
    wastedInferenceSeconds.increment(nanos / 1e9);
  }

  private Counter rejectedCounter(String reason) {
    return Counter.builder("audio.requests.rejected").tag("reason", reason)
        .description("Requests refused before reaching the pool").register(registry);
  }

  private Counter cancelledCounter(String reason) {
    return Counter.builder("audio.requests.cancelled").tag("reason", reason)
        .description("Jobs dropped or stopped before they finished").register(registry);
  }

  /** How many request bytes are held in memory, against {@code http.max_buffered_bytes}. */
  public void bufferedBytes(Supplier<Number> used, long capacity) {
    Gauge.builder("audio.http.buffered", used).baseUnit("bytes")
        .description("Request body bytes held in memory (reserved from Content-Length, or as chunks arrive)")
        .register(registry);
    Gauge.builder("audio.http.buffered.limit", () -> capacity).baseUnit("bytes")
        .description("http.max_buffered_bytes").register(registry);
  }

  /** Open connections on the API port, against {@code http.max_connections}. */
  public void openConnections(Supplier<Number> open) {
    Gauge.builder("audio.http.connections.open", open)
        .description("Open connections on the API port").register(registry);
  }

  /** A connection closed at accept because {@code http.max_connections} were open. */
  public void connectionRefused() {
    closedConnections("limit").increment();
  }

  /** A connection closed because no whole request head arrived within {@code http.header_timeout_ms}. */
  /** {@code bytes} of a refused request body released unread (http.RefusedBodyDrop). */
  public void refusedBodyDropped(long bytes) {
    refusedBodyBytes.increment(bytes);
  }

  public void headerTimeout() {
    closedConnections("header_timeout").increment();
  }

  private Counter closedConnections(String reason) {
    return Counter.builder("audio.http.connections.closed").tag("reason", reason)
        .description("API connections the service closed to protect itself, by reason").register(registry);
  }

  public void blockedThread(String thread) {
    Counter.builder("app.blocked.thread.events").tag("thread", thread)
        .description("Blocked-thread checker warnings; each one is a bug").register(registry).increment();
  }

  public static String label(Operation op) {
    return op.name().toLowerCase(Locale.ROOT);
  }
}
