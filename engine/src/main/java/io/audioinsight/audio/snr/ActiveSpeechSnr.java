package io.audioinsight.audio.snr;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.noise.NoiseFloor;

/**
 * Active-speech SNR (DESIGN.md): mean speech power over the speech-active frames against the mean noise
 * power of the whole file, both full band, from the spectrogram.
 *
 * <ul>
 *   <li>Noise power: the mean power of the pause frames (frames at least {@link #GUARD_FRAMES} from speech),
 *       since noise is independent of when someone speaks. Loud pause frames (above {@link #PAUSE_OUTLIER}
 *       times the tracked noise) count too, as noise events (rings, chimes, key clicks: the mean includes
 *       them), unless they join on to speech (see {@link #speechTails}) or look like a missed word
 *       ({@link #MIN_WORD_FRAMES}). Blended with the mean of the tracked
 *       {@link NoiseFloor} while the pauses total less than {@link #TRUSTED_PAUSE_FRAMES} frames. So the
 *       estimate still works with almost no pauses. Inside long speech the tracked floor creeps up
 *       towards the quietest speech, which is why measured pauses are preferred when there are enough.</li>
 *   <li>Speech power: in each speech frame, frame power minus the frame's tracked noise (speech and noise
 *       are independent, so their powers add), averaged over the speech frames. The tracked noise is scaled
 *       by how it compares with the measured power in the steady pauses (with the same trust as above), and
 *       capped at {@link #LOCAL_NOISE_CAP} times the noise power.</li>
 *   <li>Global SNR: the same speech power times the speech frames over the noise power times all frames (the
 *       energy ratio of DESIGN.md). It replaced WADA-SNR, whose Gaussian-noise model reads rings, clicks and
 *       music as speech (20-40 dB too high on the real-noise corpus, docs/BENCHMARKS.md).</li>
 *   <li>Interval: {@link SnrInterval}, from the same sums per one-second block.</li>
 * </ul>
 *
 * Null with fewer than {@link #MIN_SPEECH_FRAMES} speech frames (half a second); {@link #CAP_DB} for noise-free
 * input (pauses at the level of digital silence, or a floor that never leaves it); a speech excess that is not
 * positive (noise overestimated at very low SNR) reports {@link #MIN_DB}.
 */
public final class ActiveSpeechSnr {

  public static final double CAP_DB = 100.0;
  public static final double MIN_DB = -20.0;
  /**
   * Speech frames (10 ms each) needed for an estimate: half a second, the least speech the speaker counters call a
   * voice. Less is most often a burst of noise that a VAD took for speech (a ring, a chord, a key click: the real-
   * noise corpus's noise-only ring-and-music file gets 0.32 s from Silero), and from so little speech the powers
   * would not mean much anyway.
   */
  public static final int MIN_SPEECH_FRAMES = 50;
  static final int GUARD_FRAMES = 5;
  /** Pause frames (10 ms each) from which on the noise power comes from the pauses alone. */
  static final int TRUSTED_PAUSE_FRAMES = 100;
  /** Pause frames needed to call the input noise-free. */
  static final int SILENT_PAUSE_FRAMES = 20;
  static final double LOCAL_NOISE_CAP = 4.0;
  /**
   * A pause frame with more than this multiple of the tracked noise power is not steady noise: it does not
   * calibrate the tracker, and next to speech it is a speech tail (TAIL_FRAMES). The power of a frame of steady
   * noise (a sum over 257 bins) hardly varies, while the faint end of a word that the VAD
   * cut short easily has ten times the noise at high SNR.
   */
  static final double PAUSE_OUTLIER = 4.0;
  /**
   * The longest speech tail (10 ms frames): a run of pause frames above PAUSE_OUTLIER joined to speech is left
   * out as the end of a word up to this long; other loud pause frames are noise events (a ring, a chime, a key
   * click) and count as noise, since the noise power is the mean over the whole file, events included.
   */
  static final int TAIL_FRAMES = 30;
  /**
   * A run of at least MIN_WORD_FRAMES pause frames (80 ms) louder than the mean speech frame less
   * EVENT_BELOW_SPEECH_DB is taken for a word the VAD missed and left out: at high SNR such a word would
   * otherwise pass for a loud noise event and pull the SNR down by 10 dB. Key clicks are shorter, and the
   * rings and rumble that count as events are quieter than that, except at low SNR, where leaving a few out
   * costs less. Chosen on the tune split (docs/BENCHMARKS.md).
   */
  static final int MIN_WORD_FRAMES = 8;
  static final double EVENT_BELOW_SPEECH_DB = 10;
  static final double MIN_CALIBRATION = 0.5;
  static final double MAX_CALIBRATION = 2.0;
  private static final int B = Spectrogram.BINS;
  /** Frame power (Parseval-weighted bin sum) of noise at the noise floor's minimum PSD, with margin. */
  private static final double SILENT_FRAME_POWER = 4.0 * NoiseFloor.MIN_PSD * (B - 1);
  /**
   * Lowest bin (500 Hz) of the noise-free test: the spectral leakage of a constant (digital silence after
   * the mean is removed) stays in the bins below it, while any real noise, hum included, reaches above.
   */
  static final int SILENCE_TEST_BIN = 16;
  private static final double SILENT_BIN_POWER = 4.0 * NoiseFloor.MIN_PSD;
  private static final int CHECK_EVERY_FRAMES = 1000;

  private ActiveSpeechSnr() {}

  /**
   * The active-speech SNR with its interval, and the global SNR from the same speech and noise powers.
   *
   * @param snrDb        as {@link #estimateDb}
   * @param globalSnrDb  the speech energy over the whole file against the noise energy over the whole file, in
   *                     dB: the speech power times the speech frames over the noise power times all frames; null
   *                     with {@code snrDb}
   * @param lowDb        lower end of the interval (see {@link SnrInterval}); null with {@code snrDb}
   * @param highDb       upper end of the interval; null with {@code snrDb}
   */
  public record Estimate(Double snrDb, Double globalSnrDb, Double lowDb, Double highDb) {
    static final Estimate NONE = new Estimate(null, null, null, null);

    static Estimate exact(double db) {
      return new Estimate(db, db, db, db);
    }
  }

  /**
   * @param speechFrames per spectrogram frame: inside a speech segment
   */
  public static Double estimateDb(
      Spectrogram spectrogram, NoiseFloor noise, boolean[] speechFrames, Cancellation cancellation) {
    return estimate(spectrogram, noise, speechFrames, cancellation).snrDb();
  }

  /** As {@link #estimateDb}, with the global SNR and the interval. */
  public static Estimate estimate(
      Spectrogram spectrogram, NoiseFloor noise, boolean[] speechFrames, Cancellation cancellation) {
    return fromSums(sums(spectrogram, noise, speechFrames, cancellation));
  }

  /**
   * What the estimate is made from: the sums over the frames, which add up over consecutive pieces of a file
   * ({@link SnrSums#concat}), so that a file analysed in chunks gets the SNR of its pooled powers.
   */
  public static SnrSums sums(
      Spectrogram spectrogram, NoiseFloor noise, boolean[] speechFrames, Cancellation cancellation) {
    return sums(spectrogram, noise, speechFrames, 0, spectrogram.frames(), cancellation);
  }

  /**
   * As above, summing only frames {@code [from, to)}: the frames around them (a chunk's context) are seen by the
   * rules that look at neighbours (guard frames, speech tails, missed words) but add nothing, so the sums of
   * consecutive ranges of one file are the whole file's sums, as far as those rules look (under a second). Blocks
   * count from {@code from}.
   */
  public static SnrSums sums(Spectrogram spectrogram, NoiseFloor noise, boolean[] speechFrames, int from, int to,
                             Cancellation cancellation) {
    int frames = spectrogram.frames();
    float[] power = spectrogram.power();
    float[] spectrogramFramePower = spectrogram.framePower();
    float[] noiseRowPower = noise.framePowerRows();
    boolean[] pause = pauseFrames(speechFrames, frames);
    float[] framePower = new float[frames];
    float[] frameNoise = new float[frames];
    for (int t = 0; t < frames; t++) {
      framePower[t] = spectrogramFramePower[t];
      frameNoise[t] = noiseRowPower[NoiseFloor.row(t)];
    }
    boolean[] tail = speechTails(speechFrames, pause, framePower, frameNoise);
    int speechInRange = 0;
    int pausesInRange = 0;
    for (int t = from; t < to; t++) {
      speechInRange += speechFrames[t] ? 1 : 0;
      pausesInRange += pause[t] ? 1 : 0;
    }
    // Which loud pause runs are words the VAD missed depends on the speech power of the whole file (see
    // MIN_WORD_FRAMES), known only once every piece of it is in: so each pause frame is kept (its power, tracked
    // noise, high-band power and tail mark), and fromSums sorts them, as one analysis of the whole file would.
    SnrSums sums = new SnrSums(to - from, speechInRange, pausesInRange);
    for (int t = from; t < to; t++) {
      if (t % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int base = t * B;
      // both sums were taken while their rows were in cache (Parseval: DC and Nyquist count half)
      float p = framePower[t];
      float n = frameNoise[t];
      sums.trackedSum += n;
      int block = (t - from) / SnrInterval.BLOCK_FRAMES;
      if (speechFrames[t]) {
        sums.addSpeech(block, p, n);
      }
      if (pause[t]) {
        double high = 0;
        for (int k = SILENCE_TEST_BIN; k < B; k++) {
          high += power[base + k];
        }
        sums.addPause(t - from, block, p, n, high, tail[t]);
      }
    }
    return sums;
  }

  /**
   * The pause frames of {@code sums} sorted as noise: a steady frame (near the tracked floor) always counts; a loud
   * one counts as a noise event unless it is a speech tail or part of a run of loud pause frames (over the whole
   * file's speech power less EVENT_BELOW_SPEECH_DB) of at least MIN_WORD_FRAMES, a word the VAD missed.
   */
  private static Pauses pauses(SnrSums sums) {
    int speechCount = sums.speechNoise.length;
    double eventCeiling = speechCount > 0
        ? sums.speechPowerSum / speechCount * Math.pow(10, -EVENT_BELOW_SPEECH_DB / 10) : Double.MAX_VALUE;
    int n = sums.pauseFrames;
    boolean[] missedWord = new boolean[n];
    for (int i = 0; i < n; ) {
      if (!(sums.pausePower[i] > eventCeiling)) {
        i++;
        continue;
      }
      int end = i + 1;
      while (end < n && sums.pauseAt[end] == sums.pauseAt[end - 1] + 1 && sums.pausePower[end] > eventCeiling) {
        end++;
      }
      if (end - i >= MIN_WORD_FRAMES) {
        java.util.Arrays.fill(missedWord, i, end, true);
      }
      i = end;
    }
    Pauses out = new Pauses(sums.blockSpeechPower.length);
    for (int i = 0; i < n; i++) {
      float p = sums.pausePower[i];
      float noise = sums.pauseNoise[i];
      if (p <= PAUSE_OUTLIER * noise) {
        out.steadyCount++;
        out.steadySum += p;
        out.steadyTrackedSum += noise;
      } else if (sums.pauseTail[i] || missedWord[i]) {
        continue; // far above the tracked noise and joined to speech: a speech tail the VAD missed, not noise
      }
      // apart from speech, a frame far above the floor is a noise event (a ring, a click): it is noise all the same
      out.count++;
      out.sum += p;
      out.blockSum[sums.pauseBlock[i]] += p;
      out.blockCount[sums.pauseBlock[i]]++;
      out.highSum += sums.pauseHigh[i];
    }
    return out;
  }

  /** The pause frames that count as noise, summed ({@link #pauses}). */
  private static final class Pauses {
    int count;
    double sum;
    double highSum;
    int steadyCount;
    double steadySum;
    double steadyTrackedSum;
    final double[] blockSum;
    final int[] blockCount;

    Pauses(int blocks) {
      blockSum = new double[blocks];
      blockCount = new int[blocks];
    }
  }

  /** The estimate from the sums of a file, or of its chunks joined. */
  public static Estimate fromSums(SnrSums sums) {
    int frames = sums.frames;
    int speechCount = sums.speechNoise.length;
    if (speechCount < MIN_SPEECH_FRAMES) {
      return Estimate.NONE;
    }
    Pauses pauses = pauses(sums);
    int pauseCount = pauses.count;
    double trackedMean = sums.trackedSum / frames;
    double pauseMean = pauseCount > 0 ? pauses.sum / pauseCount : 0;
    boolean silentPauses = pauseCount >= SILENT_PAUSE_FRAMES
        && pauses.highSum / pauseCount <= SILENT_BIN_POWER * (B - SILENCE_TEST_BIN);
    if (silentPauses || trackedMean <= SILENT_FRAME_POWER) {
      return Estimate.exact(CAP_DB);
    }
    double trust = Math.min(1.0, pauseCount / (double) TRUSTED_PAUSE_FRAMES);
    double noisePower = trust * pauseMean + (1 - trust) * trackedMean;
    // how far the tracker reads off in the steady pauses (e.g. a steady tone, which is not Gaussian), applied to
    // it in the speech frames as well
    double calibration = pauses.steadyCount > 0 && pauses.steadyTrackedSum > 0
        ? pauses.steadySum / pauses.steadyTrackedSum : 1.0;
    calibration = 1 + trust * (Math.max(MIN_CALIBRATION, Math.min(MAX_CALIBRATION, calibration)) - 1);
    double localCap = LOCAL_NOISE_CAP * noisePower;
    int blocks = sums.blockSpeechPower.length;
    double speechExcess = 0;
    double[] blockSpeechExcess = new double[blocks];
    int f = 0;
    for (int b = 0; b < blocks; b++) {
      double excess = sums.blockSpeechPower[b];
      for (int k = 0; k < sums.blockSpeechCount[b]; k++, f++) {
        excess -= Math.min(calibration * sums.speechNoise[f], localCap);
      }
      blockSpeechExcess[b] = excess;
      speechExcess += excess;
    }
    double speechPower = speechExcess / speechCount;
    if (!(speechPower > 0)) {
      return new Estimate(MIN_DB, MIN_DB, MIN_DB, MIN_DB + SnrInterval.MIN_HALF_WIDTH_DB);
    }
    double db = clamp(10 * Math.log10(speechPower / noisePower));
    double globalDb = clamp(10 * Math.log10(speechExcess / (noisePower * frames)));
    double halfWidth = SnrInterval.halfWidthDb(new SnrInterval.Blocks(blockSpeechExcess, sums.blockSpeechCount,
        pauses.blockSum, pauses.blockCount), trust, trackedMean);
    return new Estimate(db, globalDb, clamp(db - halfWidth), clamp(db + halfWidth));
  }

  private static double clamp(double db) {
    return Math.max(MIN_DB, Math.min(CAP_DB, db));
  }

  /**
   * Pause frames far above the tracked noise (PAUSE_OUTLIER) that are joined to a speech frame by an unbroken
   * run of such frames (or of guard frames), at most TAIL_FRAMES long: the faint start or end of a word the VAD
   * cut short. A loud pause frame that a quiet one separates from speech is a noise event instead.
   */
  static boolean[] speechTails(boolean[] speech, boolean[] pause, float[] power, float[] noise) {
    int frames = speech.length;
    boolean[] tail = new boolean[frames];
    int run = -1; // frames since the last speech frame along an unbroken loud run; -1: broken
    for (int t = 0; t < frames; t++) {
      run = step(speech[t], pause[t], power[t] > PAUSE_OUTLIER * noise[t], run);
      tail[t] = pause[t] && run > 0;
    }
    run = -1;
    for (int t = frames - 1; t >= 0; t--) {
      run = step(speech[t], pause[t], power[t] > PAUSE_OUTLIER * noise[t], run);
      tail[t] |= pause[t] && run > 0;
    }
    return tail;
  }

  private static int step(boolean speech, boolean pause, boolean loud, int run) {
    if (speech) {
      return 0;
    }
    if (run < 0 || (pause && !loud) || run >= TAIL_FRAMES) {
      return -1;
    }
    return run + 1;
  }

  /** Frames at least GUARD_FRAMES away from any speech frame. */
  static boolean[] pauseFrames(boolean[] speech, int frames) {
    boolean[] pause = new boolean[frames];
    int lastSpeech = Integer.MIN_VALUE / 2;
    for (int t = 0; t < frames; t++) {
      if (speech[t]) {
        lastSpeech = t;
      }
      pause[t] = t - lastSpeech > GUARD_FRAMES;
    }
    int nextSpeech = Integer.MAX_VALUE / 2;
    for (int t = frames - 1; t >= 0; t--) {
      if (speech[t]) {
        nextSpeech = t;
      }
      pause[t] &= nextSpeech - t > GUARD_FRAMES;
    }
    return pause;
  }
}
