package io.audioinsight.cluster;

import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.audio.Operation;
import io.audioinsight.inference.AudioRequest;
import io.audioinsight.inference.CancellationSignal;
import io.audioinsight.inference.InferenceResult;
import io.audioinsight.inference.LocalInferenceService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receiving side of a forward: runs the request on this node's own pool, exactly as a local one (same
 * admission, deadline, cancellation), tells the origin once it is admitted, and answers with the result or the
 * problem. Cancels from the origin withdraw it here, and so does the origin's leaving the cluster.
 */
final class ForwardedWork {

  private final Vertx vertx;
  private final LocalInferenceService local;
  private final ClusterMetrics metrics;
  /** Forwards taken here and not yet answered, by forward id. */
  private final ConcurrentHashMap<String, Taken> running = new ConcurrentHashMap<>();

  ForwardedWork(Vertx vertx, LocalInferenceService local, ClusterMetrics metrics) {
    this.vertx = vertx;
    this.local = local;
    this.metrics = metrics;
  }

  void handle(Message<Buffer> message) {
    long received = System.nanoTime();
    metrics.received();
    String id = message.headers().get(ForwardProtocol.ID);
    String origin = message.headers().get(ForwardProtocol.ORIGIN);
    Future<InferenceResult> result;
    CancellationSignal signal = new CancellationSignal();
    try {
      Operation operation = Operation.valueOf(message.headers().get(ForwardProtocol.OPERATION));
      AudioRequest request = new AudioRequest(message.body(), ForwardProtocol.params(message.headers()), signal,
          received);
      running.put(id, new Taken(origin, signal));
      result = local.run(operation, request);
    } catch (RuntimeException malformed) {
      result = Future.failedFuture(malformed);
    }
    if (!result.isComplete()) {
      vertx.eventBus().send(ForwardProtocol.ACCEPTED + origin, id);
    }
    result.onComplete(ar -> {
      running.remove(id);
      if (ar.succeeded()) {
        message.reply(ForwardProtocol.encode(ar.result()));
      } else {
        Problem p = Problems.from(ar.cause());
        message.fail(p.status(), ForwardProtocol.encode(p));
      }
    });
  }

  void cancel(Message<String> message) {
    Taken taken = running.get(message.body());
    if (taken != null) {
      String reason = message.headers().get(ForwardProtocol.REASON);
      taken.signal.cancel(reason == null ? "client_gone" : reason);
    }
  }

  /** The node that sent us work left the cluster: nobody can read those answers, so that work stops now. */
  void originLeft(String origin) {
    running.values().stream().filter(t -> t.origin.equals(origin)).forEach(t -> t.signal.cancel("client_gone"));
  }

  private record Taken(String origin, CancellationSignal signal) {}
}
