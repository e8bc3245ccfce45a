package io.audioinsight.audio.silero;

import io.audioinsight.audio.vad.stream.LiveVad;
import java.util.Arrays;

/**
 * Silero VAD on a live stream: the stream's own recurrent state, context and pending samples, stepped one 512-sample
 * chunk at a time by {@link SileroBatch} (many streams per model call). It reproduces {@link SileroVad} on the
 * whole signal: the same rows (64 samples of context, zeros before the start, the last chunk zero-padded), the same
 * one-chunk look-ahead (chunk {@code c} takes the output after chunk {@code c + 1}; the last keeps its own), the same
 * mapping onto the hop grid, on the samples as they come (the file analysis too gives Silero the samples with their
 * DC offset). So the events equal the file's segments, and the probabilities can be replayed for the summary.
 */
public final class SileroLiveVad extends LiveVad {

  private final HopStream hops;
  private float[] pending = new float[2 * SileroModel.CHUNK];
  private int pendingLen;
  private final float[] context = new float[SileroModel.CONTEXT];
  private final float[] state = new float[2 * SileroModel.STATE_WIDTH];
  private long chunksRun;
  private float lastOutput;
  private boolean finished;

  public SileroLiveVad(int hopSize, double threshold) {
    super(hopSize, threshold);
    this.hops = new HopStream(hopSize);
  }

  @Override
  public String engine() {
    return SileroVad.NAME;
  }

  /** One chunk: chunk c takes the model's output after chunk c + 1. */
  @Override
  public int lookAheadSamples() {
    return SileroModel.CHUNK;
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  protected void onSamples(float[] x, int n) {
    if (pendingLen + n > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pendingLen + n, 2 * pending.length));
    }
    System.arraycopy(x, 0, pending, pendingLen, n);
    pendingLen += n;
  }

  @Override
  protected void onEnd() {
    if (pendingLen == 0) {
      complete();
    }
  }

  /** True when a model step is due: a full chunk is waiting, or the stream ended with a partial one. */
  public boolean needsStep() {
    return !finished && (pendingLen >= SileroModel.CHUNK || (isEnded() && pendingLen > 0));
  }

  /** Samples received but not yet through the model (the stream's lag inside the engine). */
  public int pendingSamples() {
    return pendingLen;
  }

  /** Writes this stream's next row (context, then the chunk, zero-padded) at {@code rows[off..]}. */
  void fillRow(float[] rows, int off) {
    System.arraycopy(context, 0, rows, off, SileroModel.CONTEXT);
    int n = Math.min(SileroModel.CHUNK, pendingLen);
    System.arraycopy(pending, 0, rows, off + SileroModel.CONTEXT, n);
    Arrays.fill(rows, off + SileroModel.CONTEXT + n, off + SileroModel.INPUT_WIDTH, 0f);
    for (int i = off; i < off + SileroModel.INPUT_WIDTH; i++) {
      if (!Float.isFinite(rows[i])) {
        rows[i] = 0f; // as SileroModel does: a NaN would poison the recurrent state
      }
    }
  }

  /** Copies this stream's state into row {@code b} of a [2, batch, 128] state. */
  void stateInto(float[] batchState, int b, int batch) {
    int w = SileroModel.STATE_WIDTH;
    System.arraycopy(state, 0, batchState, b * w, w);
    System.arraycopy(state, w, batchState, (batch + b) * w, w);
  }

  /** Takes the model's output for the row {@link #fillRow} wrote, and the next state from row {@code b}. */
  void accept(float probability, float[] batchState, int b, int batch) {
    int w = SileroModel.STATE_WIDTH;
    System.arraycopy(batchState, b * w, state, 0, w);
    System.arraycopy(batchState, (batch + b) * w, state, w, w);
    int n = Math.min(SileroModel.CHUNK, pendingLen);
    // the next row's context: the last 64 samples of this chunk (zero-padded past the end, as in the file)
    float[] chunk = Arrays.copyOf(pending, SileroModel.CHUNK);
    if (n < SileroModel.CHUNK) {
      Arrays.fill(chunk, n, SileroModel.CHUNK, 0f);
    }
    System.arraycopy(chunk, SileroModel.CHUNK - SileroModel.CONTEXT, context, 0, SileroModel.CONTEXT);
    System.arraycopy(pending, n, pending, 0, pendingLen - n);
    pendingLen -= n;
    if (chunksRun > 0) {
      for (float p : hops.add(probability)) { // this output belongs to the chunk before (look-ahead)
        decide(p);
      }
    }
    chunksRun++;
    lastOutput = probability;
    if (isEnded() && pendingLen == 0) {
      complete();
    }
  }

  /** The end: the last chunk keeps its own output; the partial last block is decided; every segment closes. */
  private void complete() {
    if (chunksRun > 0) {
      for (float p : hops.add(lastOutput)) {
        decide(p);
      }
    }
    decideLast(hops.finish(samples()));
    finished = true;
  }
}
