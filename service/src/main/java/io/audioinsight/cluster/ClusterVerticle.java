package io.audioinsight.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * This node's part of the cluster protocol, on one event loop: the consumers for forwarded work, cancels and
 * acknowledgements addressed to this node, the capacity snapshots of the others, and the timer that publishes its
 * own every {@link #INTERVAL_MS}.
 */
final class ClusterVerticle extends VerticleBase {

  /** How often each node publishes its capacity: stale by at most this much when another node routes on it. */
  static final long INTERVAL_MS = 500;

  private final String nodeId;
  private final ForwardedWork work;
  private final ClusteredInferenceService routing;
  private final LocalCapacity localCapacity;
  private final CapacityBoard board;

  ClusterVerticle(String nodeId, ForwardedWork work, ClusteredInferenceService routing, LocalCapacity localCapacity,
                  CapacityBoard board) {
    this.nodeId = nodeId;
    this.work = work;
    this.routing = routing;
    this.localCapacity = localCapacity;
    this.board = board;
  }

  @Override
  public Future<?> start() {
    var consumers = List.of(
        vertx.eventBus().<Buffer>consumer(ForwardProtocol.WORK + nodeId, work::handle),
        vertx.eventBus().<String>consumer(ForwardProtocol.CANCEL + nodeId, work::cancel),
        vertx.eventBus().<String>consumer(ForwardProtocol.ACCEPTED + nodeId, m -> routing.accepted(m.body())),
        vertx.eventBus().<JsonObject>consumer(ForwardProtocol.CAPACITY, m -> {
          NodeCapacity capacity = NodeCapacity.fromJson(m.body());
          if (!nodeId.equals(capacity.nodeId())) {
            board.update(capacity);
          }
        }));
    vertx.setPeriodic(0, INTERVAL_MS, id -> publish());
    return Future.all(consumers.stream().map(c -> c.completion()).toList());
  }

  private void publish() {
    vertx.eventBus().publish(ForwardProtocol.CAPACITY, localCapacity.now().toJson());
  }
}
