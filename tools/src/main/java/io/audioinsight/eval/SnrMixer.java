package io.audioinsight.eval;

/** Scales noise so that speech plus noise has an exact active-speech SNR (GroundTruth's definition). */
public final class SnrMixer {

  private SnrMixer() {}

  /**
   * The gain that, applied to {@code noise}, makes {@link GroundTruth#snrDb} of ({@code speech}, gain *
   * noise) equal {@code targetDb}.
   */
  public static double noiseGain(float[] speech, float[] noise, int sampleRate, double targetDb) {
    double ps = GroundTruth.activeSpeechPower(speech, GroundTruth.activeFrames(speech, sampleRate), sampleRate);
    double pn = GroundTruth.meanPower(noise);
    if (ps <= 0 || pn <= 0) {
      throw new IllegalArgumentException("need speech with active frames and non-silent noise");
    }
    return Math.sqrt(ps / (pn * Math.pow(10, targetDb / 10)));
  }

  /** A new array: {@code noise} times {@code gain}. */
  public static float[] scaled(float[] noise, double gain) {
    float[] out = new float[noise.length];
    for (int i = 0; i < noise.length; i++) {
      out[i] = (float) (noise[i] * gain);
    }
    return out;
  }

  /** A new array: the sample-wise sum of {@code a} and {@code b} (same length). */
  public static float[] sum(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }
}
