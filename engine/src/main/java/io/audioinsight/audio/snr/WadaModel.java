package io.audioinsight.audio.snr;

/**
 * The WADA-SNR model of Kim and Stern (Interspeech 2008), computed from first principles rather than copied:
 * clean speech amplitude |s| is Gamma-distributed with shape {@link #SHAPE}, noise n is Gaussian, and
 * x = s + n (s with a random sign). The statistic G = ln E|x| - E ln|x| depends only on the SNR
 * E[s^2] / E[n^2] and rises monotonically from the Gaussian value (noise only) to the Gamma value (speech
 * only), so measuring G on a recording and inverting G(SNR) gives the SNR.
 *
 * <p>How G is integrated: with the Gamma scale fixed at 1, E over s of a function h is
 * (1/Gamma(a+1)) * integral over v in (0, inf) of exp(-v^(1/a)) h(v^(1/a)) dv (substituting s = v^(1/a)
 * removes the s^(a-1) singularity), and v = e^w turns it into a smooth, doubly decaying integrand that the
 * trapezoid rule integrates to near machine precision. For each s the Gaussian expectations are exact:
 * E|s + n| is the folded-normal mean, and E ln|s + n| = (1/2) E ln X^2 where X^2/sigma^2 is non-central
 * chi-square with one degree of freedom, a Poisson(lambda/2) mixture of central chi-squares with
 * 1 + 2j degrees of freedom whose log means are ln 2 + digamma(1/2 + j). Above lambda = 400 the
 * asymptotic series ln s - sum_m (2m-1)!! / (2m lambda^m) is used instead.
 *
 * <p>The table covers {@link #MIN_DB} to {@link #MAX_DB} in {@link #STEP_DB} steps and is built once when
 * the class loads (tens of milliseconds).
 */
public final class WadaModel {

  /** Gamma shape of the clean speech amplitude, as in Kim and Stern. */
  public static final double SHAPE = 0.4;
  public static final double MIN_DB = -20.0;
  public static final double MAX_DB = 100.0;
  public static final double STEP_DB = 0.5;

  private static final double EULER_GAMMA = 0.5772156649015329;
  private static final double W_MIN = -40.0;
  private static final double W_MAX = 2.5;
  private static final double W_STEP = 0.1;

  private static final double[] G_TABLE = buildTable();

  private WadaModel() {}

  /** G at each table SNR, index i is SNR {@code MIN_DB + i * STEP_DB}. A copy. */
  public static double[] table() {
    return G_TABLE.clone();
  }

  /** G = ln E|x| - E ln|x| for Gaussian noise alone: (1/2) ln(2/pi) + (gamma + ln 2) / 2. */
  public static double gNoiseOnly() {
    return 0.5 * Math.log(2.0 / Math.PI) + 0.5 * (EULER_GAMMA + Math.log(2.0));
  }

  /** G for Gamma(shape) speech alone: ln(shape) - digamma(shape). */
  public static double gSpeechOnly() {
    return Math.log(SHAPE) - digamma(SHAPE);
  }

  /**
   * The SNR in dB whose model G equals {@code g}, by linear interpolation in the table; clamped to
   * [{@link #MIN_DB}, {@link #MAX_DB}] outside it.
   */
  public static double snrDbForG(double g) {
    if (!(g > G_TABLE[0])) {
      return MIN_DB;
    }
    int last = G_TABLE.length - 1;
    if (g >= G_TABLE[last]) {
      return MAX_DB;
    }
    int lo = 0;
    int hi = last;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (G_TABLE[mid] <= g) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double frac = (g - G_TABLE[lo]) / (G_TABLE[hi] - G_TABLE[lo]);
    return MIN_DB + (lo + frac) * STEP_DB;
  }

  /** Model G at {@code snrDb}, integrated numerically (the table's generator; exposed for tests). */
  public static double g(double snrDb) {
    double speechPower = SHAPE * (SHAPE + 1.0); // E s^2 for Gamma(shape, scale 1)
    double sigma = Math.sqrt(speechPower / Math.pow(10.0, snrDb / 10.0));
    double weightSum = 0;
    double absSum = 0;
    double logSum = 0;
    double invShape = 1.0 / SHAPE;
    int steps = (int) Math.round((W_MAX - W_MIN) / W_STEP);
    for (int i = 0; i <= steps; i++) {
      double w = W_MIN + i * W_STEP;
      double v = Math.exp(w);
      double s = Math.pow(v, invShape);
      double weight = Math.exp(-s) * v; // exp(-v^(1/a)) dv, with dv = v dw
      if (weight == 0.0) {
        continue;
      }
      double trapezoid = (i == 0 || i == steps) ? 0.5 : 1.0;
      weight *= trapezoid;
      weightSum += weight;
      absSum += weight * meanAbsShiftedGaussian(s, sigma);
      logSum += weight * meanLogAbsShiftedGaussian(s, sigma);
    }
    return Math.log(absSum / weightSum) - logSum / weightSum;
  }

  /** E|mu + sigma Z|: the folded-normal mean. */
  static double meanAbsShiftedGaussian(double mu, double sigma) {
    double r = mu / sigma;
    return sigma * Math.sqrt(2.0 / Math.PI) * Math.exp(-0.5 * r * r) + mu * erf(r / Math.sqrt(2.0));
  }

  /** E ln|mu + sigma Z| via the non-central chi-square Poisson mixture (or its asymptotic series). */
  static double meanLogAbsShiftedGaussian(double mu, double sigma) {
    double lambda = (mu / sigma) * (mu / sigma);
    if (lambda > 400.0) {
      double eps2 = 1.0 / lambda;
      double term = 1.0;
      double sum = 0;
      double oddFactorial = 1.0; // (2m-1)!!
      for (int m = 1; m <= 6; m++) {
        oddFactorial *= (2 * m - 1);
        term *= eps2;
        sum += oddFactorial * term / (2 * m);
      }
      return Math.log(Math.abs(mu)) - sum;
    }
    double half = 0.5 * lambda;
    int jMax = (int) Math.ceil(half + 12.0 * Math.sqrt(half) + 30.0);
    double logHalf = half > 0 ? Math.log(half) : 0;
    double digamma = -EULER_GAMMA - 2.0 * Math.log(2.0); // digamma(1/2)
    double logFactorial = 0;
    double mean = 0;
    double weightTotal = 0;
    for (int j = 0; j <= jMax; j++) {
      if (j > 0) {
        digamma += 1.0 / (j - 0.5); // digamma(x + 1) = digamma(x) + 1/x with x = j - 1/2
        logFactorial += Math.log(j);
      }
      double logWeight = -half + (half > 0 ? j * logHalf : (j == 0 ? 0 : Double.NEGATIVE_INFINITY)) - logFactorial;
      double weight = Math.exp(logWeight);
      weightTotal += weight;
      mean += weight * (Math.log(2.0) + digamma);
    }
    // E ln X^2 = ln sigma^2 + E ln chi'^2; renormalise the truncated Poisson weights
    return 0.5 * (Math.log(sigma * sigma) + mean / weightTotal);
  }

  /** digamma for x > 0: recurrence up to x >= 10, then the asymptotic series. */
  static double digamma(double x) {
    double result = 0;
    while (x < 10.0) {
      result -= 1.0 / x;
      x += 1.0;
    }
    double inv2 = 1.0 / (x * x);
    return result + Math.log(x) - 0.5 / x
        - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))));
  }

  /** erf with about 1e-15 relative error: Taylor series for |x| < 3, continued fraction erfc beyond. */
  static double erf(double x) {
    double ax = Math.abs(x);
    double result;
    if (ax < 3.0) {
      // erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
      double term = ax;
      double sum = ax;
      double x2 = ax * ax;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      result = 2.0 / Math.sqrt(Math.PI) * sum;
    } else {
      // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (Lentz-free backward evaluation)
      double f = ax;
      for (int k = 60; k >= 1; k--) {
        f = ax + (k / 2.0) / f;
      }
      result = 1.0 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    }
    return x < 0 ? -result : result;
  }

  private static double[] buildTable() {
    int n = (int) Math.round((MAX_DB - MIN_DB) / STEP_DB) + 1;
    double[] table = new double[n];
    for (int i = 0; i < n; i++) {
      table[i] = g(MIN_DB + i * STEP_DB);
    }
    return table;
  }
}
