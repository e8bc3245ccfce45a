package io.audioinsight.cluster;

import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.audio.Operation;
import io.audioinsight.config.InferenceConfig;
import io.audioinsight.inference.AudioCost;
import io.audioinsight.inference.AudioRequest;
import io.audioinsight.inference.InferenceResult;
import io.audioinsight.inference.InferenceService;
import io.audioinsight.inference.JobCancelledException;
import io.audioinsight.inference.LocalInferenceService;
import io.audioinsight.observe.ServiceMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's {@link InferenceService}: runs a request on this node while its pool has a free thread, and
 * otherwise on the node that can start it soonest, over the clustered event bus. In order: a free thread here; a
 * free thread on another node; a place in this node's queue; a place in the queue of the node that drains
 * soonest; else 503 with a Retry-After for the whole cluster's backlog.
 *
 * <p>A forwarded request keeps its deadline (the remote node gets the time left; this node's own timer answers
 * 504 on time whatever the other node does) and its cancellation (a withdrawn request sends a cancel to the node
 * that has it). If the other node refuses it (its queue filled since its last snapshot) or leaves before admitting
 * it, the request is routed once more, elsewhere; if the node leaves after admitting it, the client gets 503
 * at once rather than waiting for the deadline.
 */
public final class ClusteredInferenceService implements InferenceService {

  private static final System.Logger LOG = System.getLogger(ClusteredInferenceService.class.getName());
  /** The event-bus timeout beyond the deadline: a backstop only, the deadline timer answers first. */
  private static final long SEND_SLACK_MS = 5_000;
  private static final long MAX_RETRY_AFTER_SECONDS = 3_600;

  private final Vertx vertx;
  private final String nodeId;
  private final LocalInferenceService local;
  private final LocalCapacity localCapacity;
  private final CapacityBoard board;
  private final InferenceConfig config;
  private final ServiceMetrics serviceMetrics;
  private final ClusterMetrics metrics;
  /** Forwards sent and not yet answered, by id: for acknowledgements, and to fail them when their node leaves. */
  private final ConcurrentHashMap<String, Forward> outstanding = new ConcurrentHashMap<>();

  ClusteredInferenceService(Vertx vertx, String nodeId, LocalInferenceService local, LocalCapacity localCapacity,
                            CapacityBoard board, InferenceConfig config, ServiceMetrics serviceMetrics,
                            ClusterMetrics metrics) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.local = local;
    this.localCapacity = localCapacity;
    this.board = board;
    this.config = config;
    this.serviceMetrics = serviceMetrics;
    this.metrics = metrics;
  }

  @Override
  public Future<InferenceResult> snr(AudioRequest request) {
    return route(Operation.SNR, request);
  }

  @Override
  public Future<InferenceResult> speakers(AudioRequest request) {
    return route(Operation.SPEAKERS, request);
  }

  @Override
  public Future<InferenceResult> analyze(AudioRequest request) {
    return route(Operation.ANALYZE, request);
  }

  /** A refusal before the body is read only when no node in the cluster has a place for any job. */
  @Override
  public Problem refusalNow() {
    NodeCapacity here = localCapacity.now();
    if (here.hasRoomFor(0, 0, 0) || board.anyRoom(0)) {
      return null;
    }
    if (here.draining()) {
      return local.refusalNow();
    }
    serviceMetrics.rejected("queue_full");
    return clusterFull();
  }

  @Override
  public void deadlinePassedBeforeSubmit() {
    local.deadlinePassedBeforeSubmit();
  }

  /** Forwards in flight from this node (the drain waits for them). */
  public int outstandingForwards() {
    return outstanding.size();
  }

  private Future<InferenceResult> route(Operation operation, AudioRequest request) {
    if (request.signal().isCancelled()) {
      return local.run(operation, request); // answers with the cancellation, counted as usual
    }
    double audioSeconds = AudioCost.seconds(request.wav(), config.maxAudioSeconds());
    long timeoutMs = request.params().timeoutMs() == null ? config.defaultTimeoutMs()
        : Math.min(request.params().timeoutMs(), config.maxTimeoutMs());
    Forward f = new Forward(UUID.randomUUID().toString(), operation, request, audioSeconds, timeoutMs,
        request.receivedNanos() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), vertx.getOrCreateContext());
    dispatch(f, Set.of());
    return f.answer.future();
  }

  /** Picks where {@code f} runs (never on a node in {@code exclude}) and sends it there. On f's context. */
  private void dispatch(Forward f, Set<String> exclude) {
    NodeCapacity here = localCapacity.now();
    if (!here.draining() && here.freeThreads(0) > 0) {
      runHere(f);
      return;
    }
    Optional<String> idle = board.withFreeThread(exclude);
    if (idle.isPresent()) {
      send(f, idle.get());
      return;
    }
    if (here.hasRoomFor(f.audioSeconds, 0, 0)) {
      runHere(f);
      return;
    }
    Optional<String> room = board.withRoom(f.audioSeconds, exclude);
    if (room.isPresent()) {
      send(f, room.get());
      return;
    }
    if (here.draining()) {
      runHere(f); // the local service answers with its "draining" 503
      return;
    }
    serviceMetrics.rejected("queue_full");
    end(f, clusterFull().toException());
  }

  private void runHere(Forward f) {
    f.clearTimer(vertx);
    local.run(f.operation, f.request).onComplete(ar -> {
      if (ar.succeeded()) {
        f.answer.tryComplete(ar.result());
      } else {
        f.answer.tryFail(ar.cause());
      }
    });
  }

  private void send(Forward f, String target) {
    long remainingMs = TimeUnit.NANOSECONDS.toMillis(f.deadlineNanos - System.nanoTime());
    if (remainingMs <= 0) {
      serviceMetrics.cancelled(LocalInferenceService.DEADLINE);
      end(f, Problems.deadlineExceeded(f.timeoutMs).toException());
      return;
    }
    f.target = target;
    f.accepted = false;
    outstanding.put(f.id, f);
    board.sent(target, f.audioSeconds);
    metrics.forwarded();
    if (f.timer < 0) {
      f.timer = vertx.setTimer(Math.max(1, remainingMs), id -> onDeadline(f));
      f.request.signal().onCancel(reason -> f.context.runOnContext(v -> onCancelled(f, reason)));
    }
    DeliveryOptions options = ForwardProtocol.request(f.id, nodeId, f.operation, f.request.params(), remainingMs)
        .setSendTimeout(remainingMs + SEND_SLACK_MS);
    vertx.eventBus().<io.vertx.core.buffer.Buffer>request(ForwardProtocol.WORK + target, f.request.wav(), options)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            onAnswer(f, target, ar.result());
          } else {
            onFailure(f, target, ar.cause());
          }
        });
  }

  private void onAnswer(Forward f, String target, Message<io.vertx.core.buffer.Buffer> reply) {
    if (f.done() || !target.equals(f.target)) {
      return;
    }
    InferenceResult result;
    try {
      result = ForwardProtocol.decodeResult(reply.body());
    } catch (RuntimeException e) {
      end(f, e);
      return;
    }
    f.finish(outstanding, vertx);
    f.answer.tryComplete(result);
  }

  private void onFailure(Forward f, String target, Throwable cause) {
    if (f.done() || !target.equals(f.target)) {
      return;
    }
    if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      Problem problem = ForwardProtocol.decodeProblem(re.getMessage());
      if (problem != null) {
        if (problem.status() == 503 && !f.accepted) {
          metrics.failed(ClusterMetrics.REMOTE_FULL);
          retry(f, target);
        } else if (problem.status() == 504) {
          // The remote node's deadline (the time that was left) passed a moment before this node's own timer:
          // the client hears about its own timeout_ms, as from a local analysis.
          metrics.failed(ClusterMetrics.DEADLINE);
          end(f, Problems.deadlineExceeded(f.timeoutMs).toException());
        } else {
          f.finish(outstanding, vertx);
          f.answer.tryFail(problem.toException());
        }
        return;
      }
    }
    if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
      metrics.failed(ClusterMetrics.DEADLINE);
      end(f, Problems.deadlineExceeded(f.timeoutMs).toException());
      return;
    }
    // No consumer there (the node is gone or going), or the connection to it failed.
    lost(f, target);
  }

  /** Called for every member that leaves the cluster, from a Hazelcast thread. */
  void nodeLeft(String leftId) {
    board.remove(leftId);
    for (Forward f : outstanding.values()) {
      if (leftId.equals(f.target)) {
        f.context.runOnContext(v -> {
          if (!f.done() && leftId.equals(f.target)) {
            lost(f, leftId);
          }
        });
      }
    }
  }

  /** The node that had {@code f} is gone: retried once if it never admitted it, else 503 at once. */
  private void lost(Forward f, String target) {
    if (!f.accepted) {
      metrics.failed(ClusterMetrics.UNREACHABLE);
      retry(f, target);
      return;
    }
    metrics.failed(ClusterMetrics.NODE_LEFT);
    LOG.log(System.Logger.Level.WARNING, "forward " + f.id + ": node " + target + " left while analysing it");
    end(f, Problems.overloaded(1, "the cluster node that was analysing this request left the cluster; "
        + "retry").toException());
  }

  private void retry(Forward f, String failed) {
    outstanding.remove(f.id);
    f.target = null;
    if (f.retried) {
      serviceMetrics.rejected("queue_full");
      end(f, clusterFull().toException());
      return;
    }
    f.retried = true;
    dispatch(f, Set.of(failed));
  }

  /** A forward was acknowledged by its node: it is admitted there, so it must not run twice. */
  void accepted(String id) {
    Forward f = outstanding.get(id);
    if (f != null) {
      String target = f.target;
      f.context.runOnContext(v -> {
        if (target != null && target.equals(f.target)) {
          f.accepted = true;
        }
      });
    }
  }

  private void onDeadline(Forward f) {
    f.timer = -1;
    if (f.done()) {
      return;
    }
    String target = f.target;
    metrics.failed(ClusterMetrics.DEADLINE);
    serviceMetrics.cancelled(LocalInferenceService.DEADLINE);
    end(f, Problems.deadlineExceeded(f.timeoutMs).toException());
    if (target != null) {
      cancelRemote(target, f.id, LocalInferenceService.DEADLINE);
    }
  }

  private void onCancelled(Forward f, String reason) {
    if (f.done() || f.target == null) {
      return; // answered already, or running here (the local service has its own listener)
    }
    String target = f.target;
    serviceMetrics.cancelled(reason);
    end(f, new JobCancelledException(reason));
    cancelRemote(target, f.id, reason);
  }

  private void cancelRemote(String target, String id, String reason) {
    vertx.eventBus().send(ForwardProtocol.CANCEL + target, id,
        new DeliveryOptions().addHeader(ForwardProtocol.REASON, reason));
  }

  /** Fails {@code f} with {@code failure}, unless it has its answer already, and forgets it. */
  private void end(Forward f, Throwable failure) {
    f.finish(outstanding, vertx);
    f.answer.tryFail(failure);
  }

  /** 503 for a full cluster, with a Retry-After from every node's backlog and drain rate. */
  private Problem clusterFull() {
    NodeCapacity here = localCapacity.now();
    double backlog = here.queuedAudioSeconds();
    double rate = here.drainRate();
    int waiting = here.waitingJobs();
    int threads = here.threads();
    int nodes = 1;
    for (NodeCapacity n : board.fresh()) {
      backlog += n.queuedAudioSeconds();
      rate += n.drainRate();
      waiting += n.waitingJobs();
      threads += n.threads();
      nodes++;
    }
    double seconds = rate > 0 ? backlog / rate : (double) waiting / Math.max(1, threads);
    long retryAfter = Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, (long) Math.ceil(seconds)));
    return Problems.overloaded(retryAfter, "the analysis queues of all " + nodes + " cluster nodes are full ("
        + waiting + " jobs waiting); retry later");
  }

  /** One request on its way: where it is, and whether that node has admitted it. Fields change on its context. */
  private static final class Forward {
    final String id;
    final Operation operation;
    final AudioRequest request;
    final double audioSeconds;
    final long timeoutMs;
    final long deadlineNanos;
    final Context context;
    final Promise<InferenceResult> answer = Promise.promise();
    volatile String target;
    boolean accepted;
    boolean retried;
    long timer = -1;

    Forward(String id, Operation operation, AudioRequest request, double audioSeconds, long timeoutMs,
            long deadlineNanos, Context context) {
      this.id = id;
      this.operation = operation;
      this.request = request;
      this.audioSeconds = audioSeconds;
      this.timeoutMs = timeoutMs;
      this.deadlineNanos = deadlineNanos;
      this.context = context;
    }

    boolean done() {
      return answer.future().isComplete();
    }

    void clearTimer(Vertx vertx) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    void finish(ConcurrentHashMap<String, Forward> outstanding, Vertx vertx) {
      outstanding.remove(id);
      clearTimer(vertx);
    }

  }
}
