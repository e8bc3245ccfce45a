package io.audioinsight.eval.metrics;

/**
 * Estimate-minus-truth statistics of a group of files: mean absolute error, bias (mean signed error) and
 * coverage (fraction of files with an estimate). Files without a true value are not counted.
 */
public record ErrorStats(int files, int estimated, double sumError, double sumAbsError) {

  public static final ErrorStats EMPTY = new ErrorStats(0, 0, 0, 0);

  /** This group plus one file; {@code estimate} null means the engine gave none. */
  public ErrorStats plus(Double truth, Double estimate) {
    if (truth == null) {
      return this;
    }
    if (estimate == null) {
      return new ErrorStats(files + 1, estimated, sumError, sumAbsError);
    }
    double e = estimate - truth;
    return new ErrorStats(files + 1, estimated + 1, sumError + e, sumAbsError + Math.abs(e));
  }

  public ErrorStats plus(ErrorStats o) {
    return new ErrorStats(files + o.files, estimated + o.estimated, sumError + o.sumError, sumAbsError + o.sumAbsError);
  }

  /** Over the files with an estimate; NaN when there are none. */
  public double mae() {
    return estimated == 0 ? Double.NaN : sumAbsError / estimated;
  }

  public double bias() {
    return estimated == 0 ? Double.NaN : sumError / estimated;
  }

  public double coverage() {
    return files == 0 ? Double.NaN : (double) estimated / files;
  }
}
