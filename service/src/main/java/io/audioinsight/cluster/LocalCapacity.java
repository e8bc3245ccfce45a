package io.audioinsight.cluster;

import io.audioinsight.config.InferenceConfig;
import io.audioinsight.inference.BacklogAdmission;

/** This node's {@link NodeCapacity}, read live from its admission control (lock-free reads, any thread). */
final class LocalCapacity {

  private final String nodeId;
  private final BacklogAdmission admission;
  private final InferenceConfig config;

  LocalCapacity(String nodeId, BacklogAdmission admission, InferenceConfig config) {
    this.nodeId = nodeId;
    this.admission = admission;
    this.config = config;
  }

  NodeCapacity now() {
    double speed = admission.speed();
    double drainRate = Double.isNaN(speed) ? 0 : speed * config.threads();
    // With admission control off (a benchmark setting) the node never counts as full.
    int maxJobs = config.admissionControl() ? config.queueLimit() : Integer.MAX_VALUE;
    double maxAudio = config.admissionControl() ? config.maxQueuedAudioSeconds() : Double.MAX_VALUE;
    return new NodeCapacity(nodeId, config.threads(), admission.runningJobs(), admission.waitingJobs(),
        admission.waitingAudioSeconds(), drainRate, maxJobs, maxAudio, admission.draining());
  }
}
