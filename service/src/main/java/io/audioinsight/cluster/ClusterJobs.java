package io.audioinsight.cluster;

import io.audioinsight.jobs.JobManager;
import io.audioinsight.jobs.JobRecord;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /v1/jobs/{id}} on every node: a job lives in the store of the node that accepted it, so a node that
 * does not hold it asks the others ({@code audio.cluster.jobs.get.<node>}), each of which looks only in its own
 * store. The first node that has it answers; when none does, the client gets the usual 404. Read-only: cancelling
 * still needs the job's own node.
 */
final class ClusterJobs extends VerticleBase {

  static final String GET = "audio.cluster.jobs.get.";
  /** How long a node waits for the others to look in their stores. */
  private static final long ASK_TIMEOUT_MS = 2_000;

  private final String nodeId;
  private final JobManager jobs;
  private final Supplier<List<String>> members;

  ClusterJobs(String nodeId, JobManager jobs, Supplier<List<String>> members) {
    this.nodeId = nodeId;
    this.jobs = jobs;
    this.members = members;
  }

  @Override
  public Future<?> start() {
    jobs.findElsewhere(this::findElsewhere);
    return vertx.eventBus().<String>consumer(GET + nodeId, m -> jobs.getLocal(m.body()).onComplete(ar -> {
      if (ar.succeeded()) {
        m.reply(ar.result().toStored());
      } else {
        m.fail(404, "not here");
      }
    })).completion();
  }

  private Future<JobRecord> findElsewhere(String id) {
    List<Future<JobRecord>> asked = members.get().stream()
        .filter(node -> !node.equals(nodeId))
        .map(node -> vertx.eventBus().<JsonObject>request(GET + node, id,
                new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
            .map(reply -> JobRecord.fromStored(reply.body())))
        .toList();
    if (asked.isEmpty()) {
      return Future.failedFuture("no other node to ask"); // the caller answers its own 404
    }
    return Future.any(asked).map(any -> asked.stream().filter(Future::succeeded).findFirst().orElseThrow().result());
  }
}
