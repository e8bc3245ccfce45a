package io.audioinsight.eval;

/**
 * Windowed-sinc rate conversion for making the corpus's 8 kHz and 44.1 kHz edge files. Deliberately separate
 * from the engine's resampler: the corpus must not be made with the code it tests.
 */
public final class Resample {

  private static final int ZERO_CROSSINGS = 16;

  private Resample() {}

  public static float[] convert(float[] x, int fromRate, int toRate) {
    if (fromRate == toRate) {
      return x.clone();
    }
    double ratio = (double) toRate / fromRate;
    // Cut-off as a fraction of the input Nyquist: below the lower of the two Nyquists, with a guard band.
    double cutoff = Math.min(1.0, ratio) * 0.92;
    int half = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
    int outLength = (int) Math.floor(x.length * ratio);
    float[] y = new float[outLength];
    for (int i = 0; i < outLength; i++) {
      double t = i / ratio;
      int centre = (int) Math.floor(t);
      double acc = 0;
      for (int j = centre - half + 1; j <= centre + half; j++) {
        if (j < 0 || j >= x.length) {
          continue;
        }
        double d = t - j;
        double window = 0.42 + 0.5 * Math.cos(Math.PI * d / half) + 0.08 * Math.cos(2 * Math.PI * d / half);
        acc += x[j] * cutoff * sinc(cutoff * d) * window;
      }
      y[i] = (float) acc;
    }
    return y;
  }

  private static double sinc(double v) {
    if (Math.abs(v) < 1e-12) {
      return 1.0;
    }
    return Math.sin(Math.PI * v) / (Math.PI * v);
  }
}
