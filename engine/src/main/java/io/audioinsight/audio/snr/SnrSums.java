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
 * only once every chunk is in. What stays per chunk: the tracked noise floor starts afresh in each chunk, and the
 * rules that sort loud pause frames into speech tails, missed words and noise events look at the chunk alone.
 * Mutable while {@link ActiveSpeechSnr#sums} fills it; read only afterwards.
 */
public final class SnrSums {

  final int frames;
  double trackedSum;
  int pauseCount;
  double pauseSum;
  double pauseHighSum;
  int steadyCount;
  double steadySum;
  double steadyTrackedSum;
  /** Tracked noise power of each speech frame, in time order. */
  final float[] speechNoise;
  final double[] blockSpeechPower;
  final int[] blockSpeechCount;
  final double[] blockPauseSum;
  final int[] blockPauseCount;
  private int speechAt;
  /** The active speech level's sums (P.56), or null when not measured. */
  private ActiveSpeechLevel.Sums level;

  SnrSums(int frames, int speechFrames) {
    this(frames, new float[speechFrames], (frames + SnrInterval.BLOCK_FRAMES - 1) / SnrInterval.BLOCK_FRAMES);
  }

  private SnrSums(int frames, float[] speechNoise, int blocks) {
    this.frames = frames;
    this.speechNoise = speechNoise;
    this.blockSpeechPower = new double[blocks];
    this.blockSpeechCount = new int[blocks];
    this.blockPauseSum = new double[blocks];
    this.blockPauseCount = new int[blocks];
  }

  void addSpeech(int block, float power, float noise) {
    speechNoise[speechAt++] = noise;
    blockSpeechPower[block] += power;
    blockSpeechCount[block]++;
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
    for (SnrSums p : parts) {
      frames += p.frames;
      speech += p.speechNoise.length;
      blocks += p.blockSpeechPower.length;
    }
    SnrSums all = new SnrSums(frames, new float[speech], blocks);
    int s = 0;
    int b = 0;
    for (SnrSums p : parts) {
      all.trackedSum += p.trackedSum;
      all.pauseCount += p.pauseCount;
      all.pauseSum += p.pauseSum;
      all.pauseHighSum += p.pauseHighSum;
      all.steadyCount += p.steadyCount;
      all.steadySum += p.steadySum;
      all.steadyTrackedSum += p.steadyTrackedSum;
      System.arraycopy(p.speechNoise, 0, all.speechNoise, s, p.speechNoise.length);
      s += p.speechNoise.length;
      int n = p.blockSpeechPower.length;
      System.arraycopy(p.blockSpeechPower, 0, all.blockSpeechPower, b, n);
      System.arraycopy(p.blockSpeechCount, 0, all.blockSpeechCount, b, n);
      System.arraycopy(p.blockPauseSum, 0, all.blockPauseSum, b, n);
      System.arraycopy(p.blockPauseCount, 0, all.blockPauseCount, b, n);
      b += n;
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
