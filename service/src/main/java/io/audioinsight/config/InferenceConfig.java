package io.audioinsight.config;

/**
 * The audio-inference worker pool and the limits in front of it. {@code poolSize} and {@code maxQueue} keep
 * their configured values (0 = automatic); use {@link #threads()} and {@link #queueLimit()} for the numbers
 * in force. {@code admissionControl=false} lifts both queue limits (the pool queue is then unbounded, as in plain
 * Vert.x); it exists for the overload comparison benchmark, not for production. {@code threadNice} is the Linux nice
 * value of the pool's threads (0 = unchanged): see {@link io.audioinsight.inference.InferencePool}.
 */
public record InferenceConfig(
    int poolSize,
    int maxQueue,
    long defaultTimeoutMs,
    long maxTimeoutMs,
    double maxAudioSeconds,
    double maxQueuedAudioSeconds,
    boolean admissionControl,
    int threadNice) {

  public int threads() {
    return poolSize > 0 ? poolSize : Runtime.getRuntime().availableProcessors();
  }

  public int queueLimit() {
    return maxQueue > 0 ? maxQueue : 4 * threads();
  }
}
