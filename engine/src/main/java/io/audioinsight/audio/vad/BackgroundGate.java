package io.audioinsight.audio.vad;

/**
 * Clears the speech probability of stretches far quieter than the file's loud speech. Background talk
 * (babble) looks like speech against its own noise floor, so the likelihood ratio alone marks it as speech
 * in the pauses of the foreground talker; its level gives it away. The reference is a high percentile of
 * the band power, smoothed over {@link #HALF_WINDOW_FRAMES} frames on either side, among frames that are
 * probably speech; a frame whose smoothed power is more than the given number of dB below it is background.
 * At low SNR the foreground is barely above the noise, so nothing is gated; this acts only where the
 * background is clearly weaker than the foreground.
 */
final class BackgroundGate {

  /** 150 ms either side: longer than a weak phoneme next to a strong one, shorter than a pause. */
  static final int HALF_WINDOW_FRAMES = 15;
  /** Percentile of the smoothed speech power that stands for "the loud speech". */
  static final double REFERENCE_PERCENTILE = 0.9;

  private BackgroundGate() {}

  static void apply(float[] posterior, float[] bandPower, float belowDb) {
    int n = posterior.length;
    if (n == 0) {
      return;
    }
    // centred moving mean of the band power
    float[] smoothed = new float[n];
    double sum = 0;
    int count = 0;
    int right = 0;
    int left = 0;
    for (int t = 0; t < n; t++) {
      while (right < n && right <= t + HALF_WINDOW_FRAMES) {
        sum += bandPower[right++];
        count++;
      }
      while (left < t - HALF_WINDOW_FRAMES) {
        sum -= bandPower[left++];
        count--;
      }
      smoothed[t] = (float) Math.max(0.0, sum / count);
    }
    float[] speech = new float[n];
    int m = 0;
    for (int t = 0; t < n; t++) {
      if (posterior[t] > 0.5f) {
        speech[m++] = smoothed[t];
      }
    }
    if (m == 0) {
      return;
    }
    java.util.Arrays.sort(speech, 0, m);
    float reference = speech[Math.min(m - 1, (int) (REFERENCE_PERCENTILE * m))];
    float bar = (float) (reference * Math.pow(10, -belowDb / 10.0));
    for (int t = 0; t < n; t++) {
      if (smoothed[t] < bar) {
        posterior[t] = 0f;
      }
    }
  }
}
