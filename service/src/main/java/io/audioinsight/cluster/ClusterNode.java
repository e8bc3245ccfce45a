package io.audioinsight.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.audioinsight.config.InferenceConfig;
import io.audioinsight.inference.BacklogAdmission;
import io.audioinsight.inference.InferenceService;
import io.audioinsight.inference.LocalInferenceService;
import io.audioinsight.jobs.JobManager;
import io.audioinsight.observe.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;

/**
 * This node as a member of the cluster: the routing {@link InferenceService} the front ends use, the verticle that
 * speaks the forwarding protocol, membership (for readiness and for requests out on a node that dies) and the
 * cluster's metrics. Built by the service once Vertx has joined.
 */
public final class ClusterNode {

  /** The member attribute in which vertx-hazelcast keeps a member's Vert.x node id (not the member's UUID). */
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private final HazelcastClusterManager manager;
  private final String nodeId;
  private final ClusteredInferenceService routing;
  private final ClusterVerticle verticle;
  private final CapacityBoard board;
  private final JobTakeover jobs;

  public ClusterNode(Vertx vertx, HazelcastClusterManager manager, LocalInferenceService local,
                     BacklogAdmission admission, InferenceConfig config, ServiceMetrics serviceMetrics,
                     JobManager jobs, HazelcastJobStore jobStore) {
    this.manager = manager;
    this.nodeId = manager.getNodeId();
    ForwardProtocol.warmUp(); // the service builds this off the event loop
    ClusterMetrics metrics = new ClusterMetrics(serviceMetrics.registry(), this::memberCount);
    this.board = new CapacityBoard();
    LocalCapacity localCapacity = new LocalCapacity(nodeId, admission, config);
    this.routing = new ClusteredInferenceService(vertx, nodeId, local, localCapacity, board, config, serviceMetrics,
        metrics);
    ForwardedWork work = new ForwardedWork(vertx, local, metrics);
    this.verticle = new ClusterVerticle(nodeId, work, routing, localCapacity, board);
    this.jobs = new JobTakeover(nodeId, jobStore, jobs, this::members);
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {}

      @Override
      public void memberRemoved(MembershipEvent event) {
        String left = event.getMember().getAttribute(VERTX_NODE_ID);
        if (left != null) {
          routing.nodeLeft(left);
          work.originLeft(left);
        }
        ClusterNode.this.jobs.memberLeft();
      }
    });
  }

  /** The job store every node shares (cluster mode's {@link io.audioinsight.jobs.JobStore}). */
  public static HazelcastJobStore jobStore(HazelcastClusterManager manager) {
    return new HazelcastJobStore(manager.getHazelcastInstance(), manager.getNodeId());
  }

  /**
   * For a drain: this node claims no more jobs and hands its queued ones to the others at once (its running ones
   * are claimed once it has left).
   */
  public Future<Void> handOverJobs() {
    return jobs.handOver();
  }

  /** Deploys the protocol's consumers (work, jobs) and starts publishing this node's capacity. */
  public Future<String> deploy(Vertx vertx) {
    return vertx.deployVerticle(verticle).compose(id -> vertx.deployVerticle(jobs));
  }

  /** What the front ends call instead of the local service. */
  public InferenceService inference() {
    return routing;
  }

  /** Forwards sent from here and not yet answered: the drain waits for them like for local jobs. */
  public int outstandingForwards() {
    return routing.outstandingForwards();
  }

  /** True while this node is a running member of the cluster (readiness is 503 otherwise). */
  public boolean joined() {
    try {
      return manager.isActive() && manager.getHazelcastInstance().getLifecycleService().isRunning();
    } catch (RuntimeException stopped) {
      return false;
    }
  }

  public String nodeId() {
    return nodeId;
  }

  /** The members' node ids, this one included. */
  public List<String> members() {
    try {
      return manager.getNodes();
    } catch (RuntimeException stopped) {
      return List.of();
    }
  }

  /** The Hazelcast member (tests kill it). */
  HazelcastClusterManager manager() {
    return manager;
  }

  /** What this node last heard from the others (tests wait on it). */
  CapacityBoard board() {
    return board;
  }

  private int memberCount() {
    return joined() ? members().size() : 0;
  }
}
