package io.audioinsight.jobs;

import java.util.List;
import java.util.Optional;

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

  /** Every record, in no particular order (recovery and expiry walk them). */
  List<JobRecord> all();

  /** Removes the record; durable when it returns. No-op for an unknown id. */
  void delete(String id);

  @Override
  void close();
}
