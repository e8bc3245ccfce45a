package io.audioinsight.cluster;

import io.vertx.core.json.JsonObject;

/**
 * What one node publishes about its pool every {@link ClusterVerticle#INTERVAL_MS}: how busy it is and how fast
 * it drains, so that a full node can pick where to forward. The limits travel with it because nodes may be sized
 * differently.
 *
 * @param nodeId              the node's cluster id (Hazelcast member UUID)
 * @param threads             audio-inference pool threads
 * @param runningJobs         jobs on a pool thread now
 * @param waitingJobs         jobs admitted and waiting for a thread
 * @param queuedAudioSeconds  seconds of audio in the waiting jobs
 * @param drainRate           audio seconds the whole pool analyses per second (measured; 0 before any run)
 * @param maxJobs             inference.max_queue in force
 * @param maxQueuedAudioSeconds inference.max_queued_audio_seconds
 * @param draining            the node is shutting down and takes no new work
 */
public record NodeCapacity(String nodeId, int threads, int runningJobs, int waitingJobs, double queuedAudioSeconds,
                           double drainRate, int maxJobs, double maxQueuedAudioSeconds, boolean draining) {

  /** Threads with nothing to do, counting {@code extraJobs} more that the caller knows are on their way. */
  int freeThreads(int extraJobs) {
    return Math.max(0, threads - runningJobs - waitingJobs - extraJobs);
  }

  /**
   * Whether a job of {@code audioSeconds} would be admitted, with {@code extraJobs} of {@code extraAudio} seconds
   * on their way: the same two limits as {@link io.audioinsight.inference.BacklogAdmission}.
   */
  boolean hasRoomFor(double audioSeconds, int extraJobs, double extraAudio) {
    if (draining) {
      return false;
    }
    int queued = waitingJobs + Math.max(0, extraJobs - freeThreads(0));
    double audio = queuedAudioSeconds + (extraJobs > freeThreads(0) ? extraAudio : 0);
    return queued < maxJobs && (queued == 0 || audio + audioSeconds <= maxQueuedAudioSeconds);
  }

  /** Seconds until the queue is worked off at the measured rate (a second per job and thread before any run). */
  double backlogSeconds() {
    if (drainRate > 0) {
      return queuedAudioSeconds / drainRate;
    }
    return (double) waitingJobs / Math.max(1, threads);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("node", nodeId).put("threads", threads).put("running", runningJobs).put("waiting", waitingJobs)
        .put("queued_audio_s", queuedAudioSeconds).put("drain_rate", drainRate).put("max_jobs", maxJobs)
        .put("max_queued_audio_s", maxQueuedAudioSeconds).put("draining", draining);
  }

  static NodeCapacity fromJson(JsonObject json) {
    return new NodeCapacity(json.getString("node"), json.getInteger("threads"), json.getInteger("running"),
        json.getInteger("waiting"), json.getDouble("queued_audio_s"), json.getDouble("drain_rate"),
        json.getInteger("max_jobs"), json.getDouble("max_queued_audio_s"), json.getBoolean("draining"));
  }
}
