package io.audioinsight.eval.metrics;

/**
 * Speaker-count confusion: rows are the true count, columns the estimated count (estimates above
 * {@link #MAX_COLUMN} share the last column). Exact accuracy and MAE use the uncapped estimates.
 */
public record CountConfusion(long[][] matrix, long files, long exact, long sumAbsError) {

  public static final int MAX_ROW = 4;
  public static final int MAX_COLUMN = 6;

  public static CountConfusion empty() {
    return new CountConfusion(new long[MAX_ROW + 1][MAX_COLUMN + 1], 0, 0, 0);
  }

  public CountConfusion plus(int truth, int estimate) {
    if (truth < 0 || estimate < 0) {
      throw new IllegalArgumentException("counts are not negative");
    }
    long[][] m = new long[matrix.length][];
    for (int i = 0; i < m.length; i++) {
      m[i] = matrix[i].clone();
    }
    m[Math.min(truth, MAX_ROW)][Math.min(estimate, MAX_COLUMN)]++;
    return new CountConfusion(m, files + 1, exact + (truth == estimate ? 1 : 0), sumAbsError + Math.abs(estimate - truth));
  }

  public double exactAccuracy() {
    return files == 0 ? Double.NaN : (double) exact / files;
  }

  public double mae() {
    return files == 0 ? Double.NaN : (double) sumAbsError / files;
  }

  public long count(int truth, int estimate) {
    return matrix[truth][estimate];
  }
}
