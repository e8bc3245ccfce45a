package io.audioinsight.jobs;

import io.audioinsight.audio.ChunkAnalysis;
import io.audioinsight.audio.ChunkSpan;
import io.audioinsight.audio.VadCarry;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One job on its way through the pool: its chunks, those still to start, and the results so far. A compressed
 * job is decoded to a WAV first ({@link #needsDecode}, whole or in {@link #parts}); its chunks exist from then on.
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
  /**
   * Per chunk, whether it starts a run of consecutive chunks taken in order ({@link #nextChunk}). Within a run each
   * chunk waits for the one before it and goes on from its {@link VadCarry}; only a run's first chunk runs the voice
   * activity network over context. Every chunk starts a run where the analyzer carries nothing.
   */
  boolean[] runStart;
  volatile boolean cancelled;
  /** Its whole decode, or the plan of its parts, is on the pool. */
  boolean decoding;
  /** A compressed job decoding in parts ({@link PartedDecode}); null before and after. */
  PartedDecode parts;
  /** Decode whole even where the file could be decoded in parts: a part did not match one decode. */
  boolean decodeWhole;
  double doneSeconds;
  long inferenceNanos;
  int doneCount;
  /** Chunks done that went on from the chunk before them (for the log). */
  int carriedChunks;

  RunningJob(JobRecord record, WavChunks wav, double chunkSeconds, boolean aligned, int runs) {
    this.record = record;
    if (wav != null) {
      layOut(wav, chunkSeconds, aligned, runs);
    }
  }

  void decoded(WavChunks decodedWav, Transcoder.Decoded original, double chunkSeconds, boolean aligned, int runs) {
    this.source = original;
    layOut(decodedWav, chunkSeconds, aligned, runs);
  }

  /**
   * Chunks of about {@code chunkSeconds}; {@code aligned}: starting on the grid of {@link ChunkWindow}. {@code runs}:
   * the chunks are cut into that many runs of consecutive chunks (one per thread jobs may use), or one run per chunk
   * where the chunks cannot carry the voice activity network's state ({@link ChunkWindow#carriesVadState}). The
   * layout depends only on the file and the settings, not on timing, so a job's answer is the same every run.
   */
  private void layOut(WavChunks w, double chunkSeconds, boolean aligned, int runs) {
    this.wav = w;
    this.framesPerChunk = aligned
        ? w.framesPerChunk(chunkSeconds, ChunkWindow.alignFrames(w.rate(), record.vadHopSize()))
        : w.framesPerChunk(chunkSeconds);
    int n = w.count(framesPerChunk);
    this.results = new ChunkAnalysis[n];
    this.starts = new double[n];
    this.runStart = new boolean[n];
    boolean carrying = runs > 0 && ChunkWindow.carriesVadState(w.rate(), framesPerChunk, record.vadHopSize());
    int r = carrying ? Math.min(runs, n) : n;
    for (int k = 0; k < r; k++) {
      runStart[(int) ((long) k * n / r)] = true;
    }
    for (int i = 0; i < n; i++) {
      starts[i] = w.firstFrame(i, framesPerChunk) / (double) w.rate();
      pending.add(i);
    }
    this.totalSeconds = w.seconds();
  }

  /**
   * The pending chunk to start next, removed from {@link #pending}, or null while every pending chunk waits for the
   * chunk before it: the first that starts a run or whose predecessor is done, in the order chunks went pending (a
   * preempted chunk goes first).
   */
  Integer nextChunk() {
    for (java.util.Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
      int i = it.next();
      if (mayStart(i)) {
        it.remove();
        return i;
      }
    }
    return null;
  }

  /** Whether {@link #nextChunk} has a chunk to give now. */
  boolean hasStartableChunk() {
    for (int i : pending) {
      if (mayStart(i)) {
        return true;
      }
    }
    return false;
  }

  private boolean mayStart(int i) {
    return runStart[i] || results[i - 1] != null;
  }

  /** What chunk {@code index} goes on from: the chunk before it's carry, when it is in the same run; else null. */
  VadCarry carryInto(int index) {
    return index > 0 && !runStart[index] && results[index - 1] != null ? results[index - 1].vadCarry() : null;
  }

  /** A compressed job whose decode has not started (or starts again whole). */
  boolean needsDecode() {
    return wav == null && !decoding && parts == null;
  }

  /** A part of its decode may start. */
  boolean hasDecodePart() {
    return parts != null && parts.hasPending();
  }

  /** Every part of its decode is done: the join may start. */
  boolean readyToJoinParts() {
    return parts != null && parts.readyToJoin();
  }

  void done(int index, ChunkAnalysis r, long nanos) {
    results[index] = r;
    if (index > 0 && results[index - 1] != null && results[index - 1].vadCarry() != null) {
      // the carry has been used (and a preempted rerun of this chunk will not need it): the next chunk has its own
      results[index - 1] = withoutCarry(results[index - 1]);
    }
    doneCount++;
    doneSeconds += r.result().durationS();
    inferenceNanos += nanos;
  }

  private static ChunkAnalysis withoutCarry(ChunkAnalysis r) {
    return new ChunkAnalysis(r.result(), r.snrSums(), r.embeddings(), null, r.usedCarry());
  }

  boolean completed() {
    return results != null && doneCount == results.length;
  }

  double progress() {
    return totalSeconds > 0 ? Math.min(1, doneSeconds / totalSeconds) : 0;
  }
}
