package io.audioinsight.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.audioinsight.jobs.JobRecord;
import io.audioinsight.jobs.JobStore;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The job store of cluster mode: every node's jobs in two Hazelcast maps that each node reads and writes, each entry
 * held by one member and backed up synchronously on another ({@link ClusterJoin}: backup count 1), so a store write
 * returns only once two members have it, and the loss of any one node loses no job.
 *
 * <ul>
 *   <li>{@value #RECORDS}: job id to the record as stored JSON ({@link JobRecord#toStored}), as a string so that a
 *       node needs no serializer of ours;</li>
 *   <li>{@value #OWNERS}: job id to the Vert.x node id of the node that runs it (and later expires it), or
 *       {@value #RELEASED} once a draining node has handed it over. A node takes a job by replacing its owner entry
 *       with compare-and-set ({@link #claim}), so of several nodes that try, exactly one wins.</li>
 * </ul>
 *
 * <p>A write to a job that another node has claimed meanwhile is refused: a node the others took for dead (a network
 * partition) cannot overwrite the result of the node that took its job over. Every method blocks on the network:
 * workers only, never an event loop.
 */
public final class HazelcastJobStore implements JobStore {

  static final String RECORDS = "audio.jobs";
  static final String OWNERS = "audio.jobs.owners";
  /** The owner of a job handed over by a draining node, until another claims it. */
  static final String RELEASED = "";

  private final String nodeId;
  private final IMap<String, String> records;
  private final IMap<String, String> owners;

  public HazelcastJobStore(HazelcastInstance hazelcast, String nodeId) {
    this.nodeId = nodeId;
    this.records = hazelcast.getMap(RECORDS);
    this.owners = hazelcast.getMap(OWNERS);
  }

  /**
   * Commits {@code job}: the owner entry first (a new job becomes this node's), then the record. Refused with an
   * {@link IllegalStateException} when the job belongs to another node now.
   */
  @Override
  public void put(JobRecord job) {
    String owner = owners.putIfAbsent(job.id(), nodeId);
    if (owner != null && !owner.equals(nodeId)) {
      throw new IllegalStateException("job " + job.id() + " belongs to node " + (owner.isEmpty() ? "(released)"
          : owner) + " now; this node's change to it is dropped");
    }
    records.set(job.id(), job.toStored().encode());
  }

  @Override
  public Optional<JobRecord> get(String id) {
    return Optional.ofNullable(records.get(id)).map(json -> JobRecord.fromStored(new JsonObject(json)));
  }

  /** The jobs this node owns (recovery and expiry are each node's own). */
  @Override
  public List<JobRecord> all() {
    Set<String> mine = owners.keySet(Predicates.equal("this", nodeId));
    return read(mine);
  }

  @Override
  public Set<String> allIds() {
    return new HashSet<>(records.keySet());
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public void delete(String id) {
    records.delete(id);
    owners.delete(id);
  }

  /** Nothing to close: the maps live as long as the Hazelcast member, which Vert.x stops when it closes. */
  @Override
  public void close() {}

  /** Job ids with their owners, for every job whose owner is not one of {@code members} (left, or released). */
  Map<String, String> ownedByNoneOf(Collection<String> members) {
    return Map.copyOf(owners.entrySet(Predicates.not(Predicates.in("this", members.toArray(String[]::new))))
        .stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  /**
   * Takes job {@code id} from {@code from} (a node that left, or {@link #RELEASED}) for this node: true for exactly
   * one of the nodes that try. Then its record, or empty when it was deleted meanwhile (the owner entry goes too).
   */
  Optional<JobRecord> claim(String id, String from) {
    if (!owners.replace(id, from, nodeId)) {
      return Optional.empty();
    }
    Optional<JobRecord> job = get(id);
    if (job.isEmpty()) {
      owners.delete(id); // a crash between the owner entry and the record: never acknowledged
    }
    return job;
  }

  /** Hands job {@code id} over (a drain): any node may claim it now. False when it was not this node's. */
  boolean release(String id) {
    return owners.replace(id, nodeId, RELEASED);
  }

  /** The node that owns job {@code id}, if any (tests). */
  Optional<String> owner(String id) {
    return Optional.ofNullable(owners.get(id));
  }

  private List<JobRecord> read(Set<String> ids) {
    List<JobRecord> out = new ArrayList<>(ids.size());
    for (String json : records.getAll(ids).values()) {
      out.add(JobRecord.fromStored(new JsonObject(json)));
    }
    return out;
  }
}
