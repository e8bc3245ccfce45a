package io.audioinsight.cluster;

import io.audioinsight.jobs.JobManager;
import io.audioinsight.jobs.JobRecord;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.vertx.core.eventbus.ReplyException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Jobs outlive their node. Whenever a member leaves, another node hands jobs over ({@link #RELEASED_ADDRESS}), and
 * every {@link #SCAN_MS} besides (a missed event), this node looks for jobs whose owner is no longer a member, or
 * that were released, and claims each with a compare-and-set ({@link HazelcastJobStore#claim}): exactly one node
 * wins each job and runs it ({@link JobManager#takeOver}). A draining node stops claiming and hands its queued jobs
 * over at once; its running ones are claimed once it has left. A cancel of a job that another node runs is sent to
 * that node ({@link #CANCEL_ADDRESS}).
 *
 * <p>The store is blocking (the network): every look and claim runs on the jobs' ordered io worker, one scan at a
 * time, never on this verticle's event loop.
 */
final class JobTakeover extends VerticleBase {

  static final String RELEASED_ADDRESS = "audio.cluster.jobs.released";
  /** {@code DELETE /v1/jobs/{id}} on a node that does not run the job: sent to the node that does. */
  static final String CANCEL_ADDRESS = "audio.cluster.jobs.cancel.";
  /** How long a cancel waits for the job's node. */
  private static final long CANCEL_TIMEOUT_MS = 10_000;
  /** The safety net's period: a takeover waits at most this long if no event reached this node. */
  static final long SCAN_MS = 5_000;
  /** The worker the store's calls run on: one thread, so scans and releases never overlap on this node. */
  private static final String POOL = "audio-cluster-jobs";

  private static final System.Logger LOG = System.getLogger(JobTakeover.class.getName());

  private final String nodeId;
  private final HazelcastJobStore store;
  private final JobManager jobs;
  private final Supplier<List<String>> members;
  private WorkerExecutor io;
  private volatile boolean draining;
  /** A scan runs; another event meanwhile asks for one more after it (events are not lost, scans do not pile up). */
  private boolean scanning;
  private boolean again;

  JobTakeover(String nodeId, HazelcastJobStore store, JobManager jobs, Supplier<List<String>> members) {
    this.nodeId = nodeId;
    this.store = store;
    this.jobs = jobs;
    this.members = members;
  }

  @Override
  public Future<?> start() {
    io = vertx.createSharedWorkerExecutor(POOL, 1);
    vertx.setPeriodic(SCAN_MS, id -> scan());
    jobs.cancelOnOwner(this::cancelOnOwner);
    return Future.all(
            vertx.eventBus().<String>consumer(RELEASED_ADDRESS, m -> scan()).completion(),
            vertx.eventBus().<String>consumer(CANCEL_ADDRESS + nodeId, m -> jobs.cancelLocal(m.body())
                .onSuccess(job -> m.reply(job.toStored()))
                .onFailure(t -> {
                  Problem p = Problems.from(t);
                  m.fail(p.status(), ForwardProtocol.encode(p));
                })).completion())
        .onSuccess(v -> scan()); // jobs left by nodes that went before this one joined
  }

  /**
   * Cancels job {@code id} on the node that owns it. A job between owners (its node left or handed it over, and no
   * node has claimed it yet) cannot be cancelled for those few seconds: 503, retry.
   */
  private Future<JobRecord> cancelOnOwner(String id) {
    return io.executeBlocking(() -> store.owner(id).orElse(HazelcastJobStore.RELEASED), false).compose(owner -> {
      if (owner.equals(nodeId)) {
        return jobs.cancelLocal(id);
      }
      if (owner.equals(HazelcastJobStore.RELEASED) || !members.get().contains(owner)) {
        return Future.failedFuture(Problems.overloaded(JobTakeover.SCAN_MS / 1000, "job " + id + " is being handed "
            + "to another node (its node left the cluster or is draining); retry the cancel in a few seconds")
            .toException());
      }
      return vertx.eventBus().<JsonObject>request(CANCEL_ADDRESS + owner, id,
              new DeliveryOptions().setSendTimeout(CANCEL_TIMEOUT_MS))
          .map(reply -> JobRecord.fromStored(reply.body()))
          .recover(t -> {
            Problem theirs = t instanceof ReplyException re ? ForwardProtocol.decodeProblem(re.getMessage()) : null;
            return Future.failedFuture((theirs != null ? theirs : Problems.overloaded(1, "the node that runs job " + id
                + " did not answer the cancel (" + t.getMessage() + "); retry")).toException());
          });
    });
  }

  /** A member left: its jobs are free to claim. From any thread (Hazelcast's listener). */
  void memberLeft() {
    if (context != null) { // before deployment, start() scans anyway
      context.runOnContext(v -> scan());
    }
  }

  /**
   * For a drain: claim nothing more, and hand every queued job over (now and any accepted later), telling the others
   * at once. Completes once the jobs queued now are released.
   */
  Future<Void> handOver() {
    draining = true;
    return jobs.handOver(job -> io.executeBlocking(() -> store.release(job.id()), false)
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result()) {
            vertx.eventBus().publish(RELEASED_ADDRESS, job.id());
          } else {
            LOG.log(Level.WARNING, "jobs: could not hand job " + job.id() + " over"
                + (ar.failed() ? ": " + ar.cause() : " (no longer this node's)") + "; it is claimed once this node "
                + "has left");
          }
        }));
  }

  /** On this verticle's context. */
  private void scan() {
    if (draining) {
      return;
    }
    if (scanning) {
      again = true;
      return;
    }
    scanning = true;
    again = false;
    io.executeBlocking(this::claimOrphans, false)
        .compose(claimed -> Future.all(claimed.stream().map(jobs::takeOver).toList()).map(claimed.size()))
        .onComplete(ar -> {
          scanning = false;
          if (ar.failed()) {
            LOG.log(Level.WARNING, "jobs: looking for jobs to take over failed: " + ar.cause());
          } else if (ar.result() > 0) {
            LOG.log(Level.INFO, "jobs: took over " + ar.result() + " jobs of nodes that left the cluster");
          }
          if (again) {
            scan();
          }
        });
  }

  /** On a worker: claims every job whose owner is gone; the ones this node won. */
  private List<JobRecord> claimOrphans() {
    List<String> live = members.get();
    if (live.isEmpty()) {
      return List.of(); // not a member (any more): claiming would fail
    }
    Map<String, String> orphans = store.ownedByNoneOf(live);
    return orphans.entrySet().stream()
        .map(e -> draining ? Optional.<JobRecord>empty() : store.claim(e.getKey(), e.getValue()))
        .flatMap(Optional::stream)
        .toList();
  }
}
