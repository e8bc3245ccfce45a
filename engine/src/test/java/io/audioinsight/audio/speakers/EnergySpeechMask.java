package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Spectrogram;
import java.util.Arrays;

/** A stand-in VAD for tests: frames whose 150-4000 Hz energy stands well above the file's floor. */
final class EnergySpeechMask {

  private EnergySpeechMask() {}

  static boolean[] of(Spectrogram spec) {
    int frames = spec.frames();
    double[] db = new double[frames];
    float[] p = spec.power();
    for (int i = 0; i < frames; i++) {
      double e = 0;
      for (int k = 5; k < 128; k++) {
        e += p[i * Spectrogram.BINS + k];
      }
      db[i] = 10 * Math.log10(e + 1e-12);
    }
    double[] s = db.clone();
    Arrays.sort(s);
    double floor = s[(int) (0.1 * (frames - 1))];
    double top = s[(int) (0.99 * (frames - 1))];
    double threshold = Math.max(floor + 6, top - 40);
    boolean[] speech = new boolean[frames];
    for (int i = 0; i < frames; i++) {
      speech[i] = top - floor > 10 && db[i] > threshold;
    }
    return speech;
  }
}
