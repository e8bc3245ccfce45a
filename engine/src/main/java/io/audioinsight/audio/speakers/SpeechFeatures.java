package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import java.util.Arrays;

/**
 * What the speaker models are built from: the file's speech frames, their MFCCs (normalised per file, see
 * {@link MelCepstrum}) and which of them are loud enough to shape a model.
 *
 * @param frames spectrogram frame index of each speech frame, increasing
 * @param x      {@code dim} coefficients per speech frame, frame-major
 * @param loud   per speech frame, true when it may shape a model
 */
record SpeechFeatures(int[] frames, float[] x, boolean[] loud, int dim) {

  /**
   * Frames whose energy below 1 kHz is more than 20 dB (natural log: 4.6) under the loud end of the file's
   * speech do not shape the speaker models: fricatives, onsets and tails say more about the words than the voice.
   */
  private static final double WEAK_FRAME_LOG_RATIO = 20.0 / 10.0 * Math.log(10.0);

  /** Indices of the frames marked as speech; frames beyond either array's end are not speech. */
  static int[] speechFrames(Spectrogram spec, boolean[] speechMask) {
    int limit = Math.min(spec.frames(), speechMask.length);
    int n = 0;
    for (int i = 0; i < limit; i++) {
      if (speechMask[i]) {
        n++;
      }
    }
    int[] frames = new int[n];
    for (int i = 0, j = 0; i < limit; i++) {
      if (speechMask[i]) {
        frames[j++] = i;
      }
    }
    return frames;
  }

  static SpeechFeatures of(Spectrogram spec, int[] frames, int dim, Cancellation cancellation) {
    float[] x = new float[frames.length * dim];
    float[] logEnergy = new float[frames.length];
    MelCepstrum.compute(spec, frames, dim, x, logEnergy, cancellation);
    return new SpeechFeatures(frames, x, loudFrames(logEnergy), dim);
  }

  int count() {
    return frames.length;
  }

  /** Frames within {@link #WEAK_FRAME_LOG_RATIO} of the 95th percentile of speech-frame energy. */
  static boolean[] loudFrames(float[] logEnergy) {
    float[] sorted = logEnergy.clone();
    Arrays.sort(sorted);
    double floor = sorted[(int) (0.95 * (sorted.length - 1))] - WEAK_FRAME_LOG_RATIO;
    boolean[] loud = new boolean[logEnergy.length];
    for (int i = 0; i < loud.length; i++) {
      loud[i] = logEnergy[i] >= floor;
    }
    return loud;
  }
}
