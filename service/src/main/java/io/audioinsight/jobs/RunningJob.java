package io.audioinsight.jobs;

import io.audioinsight.audio.ChunkAnalysis;
import io.audioinsight.audio.ChunkSpan;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One job on its way through the pool: its chunks, those still to start, and the results so far. A compressed
 * job is decoded to a WAV first ({@link #needsDecode}); its chunks exist from then on.
 */
final class RunningJob {

  final JobRecord record;
  WavChunks wav;
  /** The compressed original (format, duration), for a decoded job; null for a WAV. */
  Transcoder.Decoded source;
  long framesPerChunk;
  ChunkAnalysis[] results;
  double[] starts;
  double totalSeconds;
  /** The whole file's mean for chunks with context ({@link ChunkSpan#fileMean}); NaN: each chunk's own. */
  double mean = Double.NaN;
  final Deque<Integer> pending = new ArrayDeque<>();
  volatile boolean cancelled;
  boolean decoding;
  double doneSeconds;
  long inferenceNanos;
  int doneCount;

  RunningJob(JobRecord record, WavChunks wav, double chunkSeconds, boolean aligned) {
    this.record = record;
    if (wav != null) {
      layOut(wav, chunkSeconds, aligned);
    }
  }

  void decoded(WavChunks decodedWav, Transcoder.Decoded original, double chunkSeconds, boolean aligned) {
    this.source = original;
    layOut(decodedWav, chunkSeconds, aligned);
  }

  /** Chunks of about {@code chunkSeconds}; {@code aligned}: starting on the grid of {@link ChunkWindow}. */
  private void layOut(WavChunks w, double chunkSeconds, boolean aligned) {
    this.wav = w;
    this.framesPerChunk = aligned
        ? w.framesPerChunk(chunkSeconds, ChunkWindow.alignFrames(w.rate(), record.vadHopSize()))
        : w.framesPerChunk(chunkSeconds);
    int n = w.count(framesPerChunk);
    this.results = new ChunkAnalysis[n];
    this.starts = new double[n];
    for (int i = 0; i < n; i++) {
      starts[i] = w.firstFrame(i, framesPerChunk) / (double) w.rate();
      pending.add(i);
    }
    this.totalSeconds = w.seconds();
  }

  boolean needsDecode() {
    return wav == null && !decoding;
  }

  void done(int index, ChunkAnalysis r, long nanos) {
    results[index] = r;
    doneCount++;
    doneSeconds += r.result().durationS();
    inferenceNanos += nanos;
  }

  boolean completed() {
    return results != null && doneCount == results.length;
  }

  double progress() {
    return totalSeconds > 0 ? Math.min(1, doneSeconds / totalSeconds) : 0;
  }
}
