package io.audioinsight.stream;

/** Runs a busy stream's work on the inference pool: the DSP engine one stream per task, Silero in batches. */
interface WorkScheduler {

  /** {@code work} is busy and has something to do; run it (on the pool) soon. Any thread. */
  void ready(StreamWork work);
}
