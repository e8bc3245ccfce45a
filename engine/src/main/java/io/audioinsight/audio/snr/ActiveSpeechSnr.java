package io.audioinsight.audio.snr;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.noise.NoiseFloor;

/**
 * Active-speech SNR (DESIGN.md): mean speech power over the speech-active frames against the mean noise
 * power of the whole file, both full band, from the spectrogram.
 *
 * <ul>
 *   <li>Noise power: the mean power of the pause frames (frames at least {@link #GUARD_FRAMES} from speech and
 *       below {@link #PAUSE_OUTLIER} times the tracked noise),
 *       since noise is independent of when someone speaks, blended with the mean of the tracked
 *       {@link NoiseFloor} while the pauses total less than {@link #TRUSTED_PAUSE_FRAMES} frames. So the
 *       estimate still works with almost no pauses. Inside long speech the tracked floor creeps up
 *       towards the quietest speech, which is why measured pauses are preferred when there are enough.</li>
 *   <li>Speech power: in each speech frame, frame power minus the frame's tracked noise (speech and noise
 *       are independent, so their powers add), averaged over the speech frames. The tracked noise is scaled
 *       by how it compares with the measured power in the pauses (with the same trust as above), and capped
 *       at {@link #LOCAL_NOISE_CAP} times the noise power.</li>
 * </ul>
 *
 * Null when there is no speech frame; {@link #CAP_DB} for noise-free input (pauses at the level of digital
 * silence, or a floor that never leaves it); a speech excess that is not positive (noise overestimated at
 * very low SNR) reports {@link #MIN_DB}.
 */
public final class ActiveSpeechSnr {

  public static final double CAP_DB = 100.0;
  public static final double MIN_DB = -20.0;
  static final int GUARD_FRAMES = 5;
  /** Pause frames (10 ms each) from which on the noise power comes from the pauses alone. */
  static final int TRUSTED_PAUSE_FRAMES = 100;
  /** Pause frames needed to call the input noise-free. */
  static final int SILENT_PAUSE_FRAMES = 20;
  static final double LOCAL_NOISE_CAP = 4.0;
  /**
   * A pause frame with more than this multiple of the tracked noise power is left out of the pauses: the
   * power of a frame of noise (a sum over 257 bins) hardly varies, while the faint end of a word that the VAD
   * cut short easily has ten times the noise at high SNR.
   */
  static final double PAUSE_OUTLIER = 4.0;
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
   * @param speechFrames per spectrogram frame: inside a speech segment
   */
  public static Double estimateDb(
      Spectrogram spectrogram, NoiseFloor noise, boolean[] speechFrames, Cancellation cancellation) {
    int frames = spectrogram.frames();
    float[] power = spectrogram.power();
    float[] spectrogramFramePower = spectrogram.framePower();
    float[] noiseRowPower = noise.framePowerRows();
    boolean[] pause = pauseFrames(speechFrames, frames);
    float[] framePower = new float[frames];
    float[] frameNoise = new float[frames];
    int speechCount = 0;
    int pauseCount = 0;
    double pauseSum = 0;
    double pauseTrackedSum = 0;
    double pauseHighSum = 0; // bins from SILENCE_TEST_BIN: digital silence minus the mean is a constant
    double trackedSum = 0;
    for (int t = 0; t < frames; t++) {
      if (t % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int base = t * B;
      // both sums were taken while their rows were in cache (Parseval: DC and Nyquist count half)
      float p = spectrogramFramePower[t];
      float n = noiseRowPower[NoiseFloor.row(t)];
      framePower[t] = p;
      frameNoise[t] = n;
      trackedSum += n;
      if (speechFrames[t]) {
        speechCount++;
      }
      if (pause[t] && p > PAUSE_OUTLIER * n) {
        pause[t] = false; // far above the tracked noise: a speech tail the VAD missed, not noise
      }
      if (pause[t]) {
        pauseCount++;
        pauseSum += p;
        pauseTrackedSum += n;
        for (int k = SILENCE_TEST_BIN; k < B; k++) {
          pauseHighSum += power[base + k];
        }
      }
    }
    if (speechCount == 0) {
      return null;
    }
    double trackedMean = trackedSum / frames;
    double pauseMean = pauseCount > 0 ? pauseSum / pauseCount : 0;
    boolean silentPauses =
        pauseCount >= SILENT_PAUSE_FRAMES && pauseHighSum / pauseCount <= SILENT_BIN_POWER * (B - SILENCE_TEST_BIN);
    if (silentPauses || trackedMean <= SILENT_FRAME_POWER) {
      return CAP_DB;
    }
    double trust = Math.min(1.0, pauseCount / (double) TRUSTED_PAUSE_FRAMES);
    double noisePower = trust * pauseMean + (1 - trust) * trackedMean;
    // how far the tracker reads off in the pauses (e.g. a steady tone, which is not Gaussian), applied to it
    // in the speech frames as well
    double calibration = pauseCount > 0 && pauseTrackedSum > 0 ? pauseSum / pauseTrackedSum : 1.0;
    calibration = 1 + trust * (Math.max(MIN_CALIBRATION, Math.min(MAX_CALIBRATION, calibration)) - 1);
    double localCap = LOCAL_NOISE_CAP * noisePower;
    double speechExcess = 0;
    for (int t = 0; t < frames; t++) {
      if (speechFrames[t]) {
        speechExcess += framePower[t] - Math.min(calibration * frameNoise[t], localCap);
      }
    }
    double speechPower = speechExcess / speechCount;
    if (!(speechPower > 0)) {
      return MIN_DB;
    }
    double db = 10 * Math.log10(speechPower / noisePower);
    return Math.max(MIN_DB, Math.min(CAP_DB, db));
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
