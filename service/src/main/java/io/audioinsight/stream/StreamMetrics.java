package io.audioinsight.stream;

import io.audioinsight.http.BufferedBytes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live streams' meters (Prometheus names): {@code audio_streams_open}, {@code audio_stream_frames_total} (binary
 * messages; its rate is frames per second), {@code audio_stream_event_latency_seconds{event}} (from the arrival of the
 * message that completed an event's audio, the engine's look-ahead included, to the event's hand-over to the socket), {@code audio_stream_batch_size}
 * (rows per Silero model call), {@code audio_stream_overload_total} (streams closed with 1013, and the audio they
 * dropped in {@code audio_stream_overload_dropped_seconds_total}), {@code audio_streams_refused_total{reason}},
 * {@code audio_stream_buffered_bytes} (the audio kept for summaries, against {@code stream.max_buffered_bytes}).
 */
final class StreamMetrics {

  private final Counter frames;
  private final Timer speechStartLatency;
  private final Timer speechEndLatency;
  private final DistributionSummary batchSize;
  private final Counter overloads;
  private final Counter overloadDroppedSeconds;
  private final Counter refusedLimit;
  private final Counter refusedBehind;
  private final Counter refusedMemory;

  StreamMetrics(MeterRegistry registry, Supplier<Number> open, Supplier<Number> behind, BufferedBytes memory) {
    Gauge.builder("audio.stream.buffered", memory::used).baseUnit("bytes")
        .description("Audio bytes the open live streams keep for their summaries, against "
            + "stream.max_buffered_bytes").register(registry);
    Gauge.builder("audio.streams.open", open).description("Open live streams").register(registry);
    Gauge.builder("audio.streams.behind", behind)
        .description("Open live streams with more than half of stream.max_lag_ms of audio waiting (no new stream is "
            + "let in while any is)").register(registry);
    frames = Counter.builder("audio.stream.frames").description("Binary audio messages received on live streams")
        .register(registry);
    speechStartLatency = latency(registry, "speech_start");
    speechEndLatency = latency(registry, "speech_end");
    batchSize = DistributionSummary.builder("audio.stream.batch.size")
        .description("Streams per Silero model call").publishPercentileHistogram().minimumExpectedValue(1.0)
        .maximumExpectedValue(1024.0).register(registry);
    overloads = Counter.builder("audio.stream.overload")
        .description("Streams closed with 1013 because their audio waited longer than stream.max_lag_ms")
        .register(registry);
    overloadDroppedSeconds = Counter.builder("audio.stream.overload.dropped").baseUnit("seconds")
        .description("Audio waiting in streams closed for overload, never analysed").register(registry);
    refusedLimit = Counter.builder("audio.streams.refused").tag("reason", "limit")
        .description("Stream upgrades refused with 503").register(registry);
    refusedBehind = Counter.builder("audio.streams.refused").tag("reason", "behind")
        .description("Stream upgrades refused with 503").register(registry);
    refusedMemory = Counter.builder("audio.streams.refused").tag("reason", "memory")
        .description("Stream upgrades refused with 503").register(registry);
  }

  private static Timer latency(MeterRegistry registry, String event) {
    return Timer.builder("audio.stream.event.latency").tag("event", event)
        .description("From the arrival of the audio that completed an event to the event's send")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
  }

  void frame() {
    frames.increment();
  }

  void eventLatency(boolean start, long nanos) {
    (start ? speechStartLatency : speechEndLatency).record(nanos, TimeUnit.NANOSECONDS);
  }

  void batch(int rows) {
    batchSize.record(rows);
  }

  void overloaded(double droppedSeconds) {
    overloads.increment();
    overloadDroppedSeconds.increment(droppedSeconds);
  }

  void refusedAtLimit() {
    refusedLimit.increment();
  }

  void refusedBehind() {
    refusedBehind.increment();
  }

  void refusedMemory() {
    refusedMemory.increment();
  }
}
