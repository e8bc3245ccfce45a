package io.audioinsight.config;

import java.nio.file.Path;

/**
 * The asynchronous jobs ({@code /v1/jobs}): where they are kept, how long the audio may be, how it is cut into pool
 * tasks, how long results stay, and the limits on what may wait. {@code parallelism} 0 means the pool size.
 * {@code contextSeconds}: audio before each chunk (and the spectral stages' few seconds after it) analysed but not
 * reported, so that the voice activity network's state at a chunk's start is the whole file's (its memory is long).
 */
public record JobsConfig(
    String dir,
    double maxAudioSeconds,
    double chunkSeconds,
    double retentionSeconds,
    int maxQueued,
    long maxSpoolBytes,
    long maxUploadBytes,
    int parallelism,
    double contextSeconds) {

  public Path path() {
    return Path.of(dir);
  }

  public JobsConfig withDir(String dir) {
    return new JobsConfig(dir, maxAudioSeconds, chunkSeconds, retentionSeconds, maxQueued, maxSpoolBytes,
        maxUploadBytes, parallelism, contextSeconds);
  }
}
