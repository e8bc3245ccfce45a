package io.audioinsight.cluster;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The latest {@link NodeCapacity} of every other node, as this node heard it, and the pick of a node to forward
 * to. Thread-safe: snapshots arrive on the event loop of the publisher's consumer, picks happen on any HTTP
 * event loop. A node that has not published for {@link #STALE_MS} is ignored (it is dead or cut off), and one that
 * left the cluster is removed at once.
 *
 * <p>Snapshots are up to {@link ClusterVerticle#INTERVAL_MS} old, so the forwards this node sent since the last
 * snapshot of a node are added to it; without that, a burst would all go to the one node that looked idle.
 */
public final class CapacityBoard {

  static final long STALE_MS = 2_000;

  private final ConcurrentHashMap<String, Entry> nodes = new ConcurrentHashMap<>();

  /** A snapshot heard from another node. */
  void update(NodeCapacity capacity) {
    nodes.put(capacity.nodeId(), new Entry(capacity, System.nanoTime()));
  }

  void remove(String nodeId) {
    nodes.remove(nodeId);
  }

  /** Keeps only the nodes in {@code members} (called when membership changes). */
  void retain(Set<String> members) {
    nodes.keySet().retainAll(members);
  }

  /** Counts a forward to {@code nodeId} against its last snapshot. */
  void sent(String nodeId, double audioSeconds) {
    Entry e = nodes.get(nodeId);
    if (e != null) {
      e.sent(audioSeconds);
    }
  }

  /** Fresh snapshots of the other nodes. */
  Collection<NodeCapacity> fresh() {
    long now = System.nanoTime();
    return nodes.values().stream().filter(e -> e.fresh(now)).map(e -> e.capacity).toList();
  }

  /** The last snapshot of {@code nodeId} if it is fresh. */
  Optional<NodeCapacity> latest(String nodeId) {
    Entry e = nodes.get(nodeId);
    return e != null && e.fresh(System.nanoTime()) ? Optional.of(e.capacity) : Optional.empty();
  }

  /** A fresh node, not in {@code exclude}, with a thread free for this job even after this node's recent forwards. */
  Optional<String> withFreeThread(Set<String> exclude) {
    long now = System.nanoTime();
    return nodes.values().stream()
        .filter(e -> e.fresh(now) && !exclude.contains(e.capacity.nodeId()) && !e.capacity.draining())
        .filter(e -> e.capacity.freeThreads(e.sentJobs) > 0)
        .max(Comparator.comparingInt(e -> e.capacity.freeThreads(e.sentJobs)))
        .map(e -> e.capacity.nodeId());
  }

  /** The fresh node, not in {@code exclude}, that would admit a job of {@code audioSeconds} and drains it soonest. */
  Optional<String> withRoom(double audioSeconds, Set<String> exclude) {
    long now = System.nanoTime();
    return nodes.values().stream()
        .filter(e -> e.fresh(now) && !exclude.contains(e.capacity.nodeId()))
        .filter(e -> e.capacity.hasRoomFor(audioSeconds, e.sentJobs, e.sentAudio))
        .min(Comparator.comparingDouble(e -> e.capacity.backlogSeconds()))
        .map(e -> e.capacity.nodeId());
  }

  /** True when some fresh node would admit a job of {@code audioSeconds}. */
  boolean anyRoom(double audioSeconds) {
    return withRoom(audioSeconds, Set.of()).isPresent();
  }

  private static final class Entry {
    final NodeCapacity capacity;
    final long receivedNanos;
    /** Forwards sent since this snapshot; written under the entry's lock, read racily (a hint, not a count). */
    volatile int sentJobs;
    volatile double sentAudio;

    Entry(NodeCapacity capacity, long receivedNanos) {
      this.capacity = capacity;
      this.receivedNanos = receivedNanos;
    }

    synchronized void sent(double audioSeconds) {
      sentJobs++;
      sentAudio += audioSeconds;
    }

    boolean fresh(long now) {
      return now - receivedNanos < TimeUnit.MILLISECONDS.toNanos(STALE_MS);
    }
  }
}
