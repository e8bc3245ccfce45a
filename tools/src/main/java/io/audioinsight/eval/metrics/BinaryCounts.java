package io.audioinsight.eval.metrics;

/**
 * Frame counts of a binary detector against a reference. Pooling counts over files before dividing gives the
 * micro-averaged F1 the eval reports.
 */
public record BinaryCounts(long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {

  public static final BinaryCounts ZERO = new BinaryCounts(0, 0, 0, 0);

  /** Compares frame by frame; a frame missing from the shorter array counts as false. */
  public static BinaryCounts of(boolean[] reference, boolean[] hypothesis) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    int n = Math.max(reference.length, hypothesis.length);
    for (int i = 0; i < n; i++) {
      boolean r = i < reference.length && reference[i];
      boolean h = i < hypothesis.length && hypothesis[i];
      if (r && h) {
        tp++;
      } else if (h) {
        fp++;
      } else if (r) {
        fn++;
      } else {
        tn++;
      }
    }
    return new BinaryCounts(tp, fp, fn, tn);
  }

  public BinaryCounts plus(BinaryCounts o) {
    return new BinaryCounts(truePositives + o.truePositives, falsePositives + o.falsePositives,
        falseNegatives + o.falseNegatives, trueNegatives + o.trueNegatives);
  }

  /** 2TP / (2TP + FP + FN); NaN when neither side has a positive frame. */
  public double f1() {
    long denominator = 2 * truePositives + falsePositives + falseNegatives;
    return denominator == 0 ? Double.NaN : 2.0 * truePositives / denominator;
  }

  public double precision() {
    long d = truePositives + falsePositives;
    return d == 0 ? Double.NaN : (double) truePositives / d;
  }

  public double recall() {
    long d = truePositives + falseNegatives;
    return d == 0 ? Double.NaN : (double) truePositives / d;
  }
}
