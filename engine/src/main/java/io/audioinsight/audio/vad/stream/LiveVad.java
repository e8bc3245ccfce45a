package io.audioinsight.audio.vad.stream;

import java.util.List;

/**
 * One live stream's voice activity: 16 kHz samples in, in order, {@link VadEvent}s out. The engine-specific part
 * turns samples into one speech probability per {@code hopSize} block ({@link #decide}); this class turns those into
 * events ({@link StreamSegmenter}) and the running figures of the {@code stats} message ({@link RunningSnr}).
 *
 * <p>Not thread-safe, by design: the stream's state lives here and its owner runs it on one thread at a time
 * (the service runs each stream's work in order on the inference pool).
 */
public abstract class LiveVad {

  protected final int hopSize;
  private final StreamSegmenter segmenter;
  private final RunningSnr snr;
  /** Energy (sum of squares) of each block not yet decided; entry 0 is block {@code segmenter.blocks()}. */
  private double[] energies = new double[64];
  /** Every decided block's speech probability, in order (4 bytes per block: 450 KB for an hour at 512). */
  private float[] probabilities = new float[256];
  private int decided;
  private int energyCount;
  private double openEnergy;
  private int openSamples;
  private long samples;
  private boolean ended;

  protected LiveVad(int hopSize, double threshold) {
    this.hopSize = hopSize;
    this.segmenter = new StreamSegmenter(hopSize, threshold);
    this.snr = new RunningSnr(threshold, segmenter.offThreshold());
  }

  /** The engine's name, as in {@code vad_engine}. */
  public abstract String engine();

  /** Adds the stream's next {@code n} samples at 16 kHz. */
  public final void append(float[] x, int n) {
    if (ended) {
      throw new IllegalStateException("the stream has ended");
    }
    for (int i = 0; i < n; i++) {
      openEnergy += (double) x[i] * x[i];
      if (++openSamples == hopSize) {
        pushEnergy(openEnergy);
        openEnergy = 0;
        openSamples = 0;
      }
    }
    samples += n;
    onSamples(x, n);
  }

  /** Marks the end of the stream; the rest is decided by the engine ({@link #isFinished()} then turns true). */
  public final void end() {
    if (!ended) {
      ended = true;
      if (openSamples > 0) {
        pushEnergy(openEnergy);
      }
      onEnd();
    }
  }

  public final boolean isEnded() {
    return ended;
  }

  /** True once every block is decided and every event produced. */
  public abstract boolean isFinished();

  /** The engine's reaction to new samples (analysis, or leaving it to a batched model step). */
  protected abstract void onSamples(float[] x, int n);

  /** The engine's reaction to the end of the stream. */
  protected abstract void onEnd();

  /**
   * Samples past a block that the engine needs before it can decide the block: its look-ahead. An event about the
   * stream up to time t is certain only once the audio up to t plus this has arrived (for the event latency).
   */
  public int lookAheadSamples() {
    return 0;
  }

  /** Samples received so far. */
  public final long samples() {
    return samples;
  }

  /** The next full block's probability, in order. */
  protected final void decide(float p) {
    record(p);
    snr.add(p, takeEnergy());
    segmenter.block(p);
  }

  /** The last blocks (the final one possibly partial), after which every segment is closed. */
  protected final void decideLast(float[] ps) {
    for (float p : ps) {
      record(p);
      snr.add(p, takeEnergy());
    }
    segmenter.finish(ps, samples);
  }

  /** Blocks decided so far. */
  public final long decidedBlocks() {
    return segmenter.blocks();
  }

  /** Stream time (s) up to which voice activity is decided. */
  public final double decidedSeconds() {
    return Math.min(samples, segmenter.blocks() * hopSize) / 16_000.0;
  }

  public final List<VadEvent> takeEvents() {
    return segmenter.takeEvents();
  }

  /** Speech ratio and active-speech SNR over the decided part of the stream so far. */
  public final LiveStats stats() {
    double decided = decidedSeconds();
    double ratio = decided > 0 ? Math.min(1.0, segmenter.speechSecondsUntil(decided) / decided) : 0.0;
    return new LiveStats(decided, Math.round(ratio * 1000.0) / 1000.0, snr.snrDb());
  }

  /**
   * The speech probability of every block decided so far, on the hop grid of the file analysis (block {@code j}
   * covers samples {@code [j*hopSize, (j+1)*hopSize)}): what {@link RecordedVad} replays for the summary.
   */
  public final float[] decidedProbabilities() {
    return java.util.Arrays.copyOf(probabilities, decided);
  }

  private void record(float p) {
    if (decided == probabilities.length) {
      probabilities = java.util.Arrays.copyOf(probabilities, 2 * probabilities.length);
    }
    probabilities[decided++] = p;
  }

  private void pushEnergy(double e) {
    if (energyCount == energies.length) {
      energies = java.util.Arrays.copyOf(energies, 2 * energies.length);
    }
    energies[energyCount++] = e;
  }

  private double takeEnergy() {
    if (energyCount == 0) {
      return 0;
    }
    double e = energies[0];
    System.arraycopy(energies, 1, energies, 0, --energyCount);
    return e;
  }
}
