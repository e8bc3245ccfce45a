package io.audioinsight.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The cluster's series, registered only in cluster mode: {@code audio_cluster_nodes}, and the forwarding counters
 * {@code audio_cluster_forwarded_total} (sent to another node), {@code audio_cluster_received_total} (taken from
 * another node) and {@code audio_cluster_forward_failures_total{reason}}.
 */
final class ClusterMetrics {

  /** A forward failed because its node left the cluster after admitting it (the client gets 503). */
  static final String NODE_LEFT = "node_left";
  /** The node left, or could not be reached, before admitting the forward (it is retried once elsewhere). */
  static final String UNREACHABLE = "unreachable";
  /** The node's queue was full or it was draining, despite its last snapshot (retried once elsewhere). */
  static final String REMOTE_FULL = "remote_full";
  /** The deadline passed while the forward was out (the client gets 504). */
  static final String DEADLINE = "deadline";

  private final MeterRegistry registry;
  private final Counter forwarded;
  private final Counter received;

  ClusterMetrics(MeterRegistry registry, Supplier<Number> nodes) {
    this.registry = registry;
    Gauge.builder("audio.cluster.nodes", nodes)
        .description("Members of the cluster as this node sees them (itself included)")
        .register(registry);
    forwarded = Counter.builder("audio.cluster.forwarded")
        .description("Analyses this node sent to another node because its own pool was full")
        .register(registry);
    received = Counter.builder("audio.cluster.received")
        .description("Analyses this node ran for another node")
        .register(registry);
    // Present at 0 from the start, so that dashboards and the benchmark read every reason.
    for (String reason : new String[] {NODE_LEFT, UNREACHABLE, REMOTE_FULL, DEADLINE}) {
      failure(reason);
    }
  }

  void forwarded() {
    forwarded.increment();
  }

  void received() {
    received.increment();
  }

  void failed(String reason) {
    failure(reason).increment();
  }

  private Counter failure(String reason) {
    return Counter.builder("audio.cluster.forward.failures").tag("reason", reason)
        .description("Forwards to another node that failed, by reason").register(registry);
  }
}
