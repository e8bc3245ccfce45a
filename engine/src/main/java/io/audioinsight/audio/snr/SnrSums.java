package io.audioinsight.audio.snr;

import java.util.List;

/**
 * The sums behind an active-speech SNR estimate ({@link ActiveSpeechSnr}): noise power in the pauses, the tracked
 * noise, the speech frames' power, per file and per one-second block. Sums add: the sums of consecutive pieces of a
 * file, joined by {@link #concat}, give the estimate of the pooled powers, so a long file analysed in chunks gets
 * the SNR of all its speech against all its noise rather than an average of the chunks' ratios.
 *
 * <p>The speech power is kept per block, and the tracked noise per speech frame (4 bytes per 10 ms of speech),
 * because the noise taken off each speech frame is capped at a multiple of the whole file's noise power, known
 * only once every chunk is in; each pause frame is kept too, because which loud pauses are missed words depends on
 * the whole file's speech power. A chunk analysed with context ({@code SignalAnalyzer}'s range analysis) starts its
 * noise tracker and its speech-tail rule warmed up, so its sums are the whole file's over its frames.
 * Mutable while {@link ActiveSpeechSnr#sums} fills it; read only afterwards.
 */
public final class SnrSums {

  final int frames;
  double trackedSum;
  /** Power of the speech frames, summed (the missed-word rule compares loud pauses with its mean). */
  double speechPowerSum;
  /** Tracked noise power of each speech frame, in time order. */
  final float[] speechNoise;
  final double[] blockSpeechPower;
  final int[] blockSpeechCount;
  private int speechAt;
  /**
   * Each pause frame, in time order: its frame (from this piece's start, or the joined pieces'), its one-second
   * block, power, tracked noise, power above SILENCE_TEST_BIN and whether it is a speech tail. Whether a loud one is
   * noise or a missed word depends on the whole file's speech power, so they are sorted only in
   * {@link ActiveSpeechSnr#fromSums} (about 21 bytes per 10 ms of pause).
   */
  final int[] pauseAt;
  final int[] pauseBlock;
  final float[] pausePower;
  final float[] pauseNoise;
  final double[] pauseHigh;
  final boolean[] pauseTail;
  int pauseFrames;
  /** The active speech level's sums (P.56), or null when not measured. */
  private ActiveSpeechLevel.Sums level;

  SnrSums(int frames, int speechFrames, int pauseFrames) {
    this(frames, new float[speechFrames], (frames + SnrInterval.BLOCK_FRAMES - 1) / SnrInterval.BLOCK_FRAMES,
        pauseFrames);
  }

  private SnrSums(int frames, float[] speechNoise, int blocks, int pauses) {
    this.frames = frames;
    this.speechNoise = speechNoise;
    this.blockSpeechPower = new double[blocks];
    this.blockSpeechCount = new int[blocks];
    this.pauseAt = new int[pauses];
    this.pauseBlock = new int[pauses];
    this.pausePower = new float[pauses];
    this.pauseNoise = new float[pauses];
    this.pauseHigh = new double[pauses];
    this.pauseTail = new boolean[pauses];
  }

  void addSpeech(int block, float power, float noise) {
    speechNoise[speechAt++] = noise;
    speechPowerSum += power;
    blockSpeechPower[block] += power;
    blockSpeechCount[block]++;
  }

  void addPause(int frame, int block, float power, float noise, double high, boolean tail) {
    int i = pauseFrames++;
    pauseAt[i] = frame;
    pauseBlock[i] = block;
    pausePower[i] = power;
    pauseNoise[i] = noise;
    pauseHigh[i] = high;
    pauseTail[i] = tail;
  }

  /** Sets the active speech level's sums of the same signal ({@link ActiveSpeechLevel#measure}). */
  public void level(ActiveSpeechLevel.Sums sums) {
    this.level = sums;
  }

  /** The active speech level's sums, added up over pieces like the others; null when a piece has none. */
  public ActiveSpeechLevel.Sums level() {
    return level;
  }

  /** Spectrogram frames (10 ms) summed. */
  public int frames() {
    return frames;
  }

  /** The sums of consecutive pieces of one signal, in order, as one. */
  public static SnrSums concat(List<SnrSums> parts) {
    int frames = 0;
    int speech = 0;
    int blocks = 0;
    int pauses = 0;
    for (SnrSums p : parts) {
      frames += p.frames;
      speech += p.speechNoise.length;
      blocks += p.blockSpeechPower.length;
      pauses += p.pauseFrames;
    }
    SnrSums all = new SnrSums(frames, new float[speech], blocks, pauses);
    int s = 0;
    int b = 0;
    int f = 0;
    for (SnrSums p : parts) {
      all.trackedSum += p.trackedSum;
      all.speechPowerSum += p.speechPowerSum;
      System.arraycopy(p.speechNoise, 0, all.speechNoise, s, p.speechNoise.length);
      s += p.speechNoise.length;
      int n = p.blockSpeechPower.length;
      System.arraycopy(p.blockSpeechPower, 0, all.blockSpeechPower, b, n);
      System.arraycopy(p.blockSpeechCount, 0, all.blockSpeechCount, b, n);
      for (int i = 0; i < p.pauseFrames; i++) {
        all.addPause(f + p.pauseAt[i], b + p.pauseBlock[i], p.pausePower[i], p.pauseNoise[i], p.pauseHigh[i],
            p.pauseTail[i]);
      }
      b += n;
      f += p.frames;
    }
    all.speechAt = s;
    ActiveSpeechLevel.Sums level = null;
    for (SnrSums p : parts) {
      if (p.level == null) {
        level = null;
        break;
      }
      level = level == null ? p.level : level.plus(p.level);
    }
    all.level = level;
    return all;
  }
}
