package io.audioinsight.jobs;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where jobs live, durably. Every method blocks (disk, or a network in a clustered store), so callers run them on
 * a worker thread, never on an event loop. {@link #put} returns only once the record is committed: a job is
 * acknowledged (202, a state change seen by a client) only after that. Implementations are thread-safe.
 *
 * <p>One small interface on purpose: the cluster issue adds a shared implementation behind it.
 */
public interface JobStore extends AutoCloseable {

  /** Creates or replaces the record with {@code job.id()}; durable when it returns. */
  void put(JobRecord job);

  Optional<JobRecord> get(String id);

  /**
   * Every record this node is responsible for, in no particular order (recovery and expiry walk them): all of them
   * on a single node; in a shared (clustered) store, only the jobs this node owns.
   */
  List<JobRecord> all();

  /** The ids of every job in the store, other nodes' included: spooled audio that none of them owns is an orphan. */
  default Set<String> allIds() {
    return all().stream().map(JobRecord::id).collect(Collectors.toSet());
  }

  /**
   * True when other nodes use the same store and spool (cluster mode): audio with no record yet may be an upload in
   * progress on another node, not a crash's leftover.
   */
  default boolean shared() {
    return false;
  }

  /** Removes the record; durable when it returns. No-op for an unknown id. */
  void delete(String id);

  @Override
  void close();
}
