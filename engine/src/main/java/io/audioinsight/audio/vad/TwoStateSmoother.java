package io.audioinsight.audio.vad;

/**
 * Forward-backward posterior of a two-state (noise, speech) hidden Markov model whose observations are
 * given as per-frame log likelihood ratios log p(obs|speech) - log p(obs|noise). Scaled recursions in the
 * probability domain; the stationary distribution is the prior.
 */
final class TwoStateSmoother {

  private TwoStateSmoother() {}

  /** Returns P(speech at t | all observations), replacing nothing: a new array. */
  static float[] posterior(float[] llr, double pSpeechToNoise, double pNoiseToSpeech) {
    int n = llr.length;
    float[] out = new float[n];
    if (n == 0) {
      return out;
    }
    double stay0 = 1 - pNoiseToSpeech;
    double stay1 = 1 - pSpeechToNoise;
    double prior1 = pNoiseToSpeech / (pNoiseToSpeech + pSpeechToNoise);
    // forward: alpha1[t] = P(speech at t | obs up to t)
    double[] alpha1 = new double[n];
    double a0 = 1 - prior1;
    double a1 = prior1;
    for (int t = 0; t < n; t++) {
      if (t > 0) {
        double p0 = a0 * stay0 + a1 * pSpeechToNoise;
        double p1 = a0 * pNoiseToSpeech + a1 * stay1;
        a0 = p0;
        a1 = p1;
      }
      double lr = Math.exp(llr[t]); // likelihood of speech relative to noise
      a1 *= lr;
      double norm = a0 + a1;
      a0 /= norm;
      a1 /= norm;
      alpha1[t] = a1;
    }
    // backward: beta ratio b = beta1/beta0, then posterior1 ∝ alpha1 * beta1
    double b0 = 1;
    double b1 = 1;
    for (int t = n - 1; t >= 0; t--) {
      double f1 = alpha1[t];
      double post1 = f1 * b1 / (f1 * b1 + (1 - f1) * b0);
      out[t] = (float) post1;
      double lr = Math.exp(llr[t]);
      // beta_{t-1}(i) = sum_j A(i,j) * e_j(obs_t) * beta_t(j), emissions relative to noise
      double e1b1 = lr * b1;
      double nb0 = stay0 * b0 + pNoiseToSpeech * e1b1;
      double nb1 = pSpeechToNoise * b0 + stay1 * e1b1;
      double norm = nb0 + nb1;
      b0 = nb0 / norm;
      b1 = nb1 / norm;
    }
    return out;
  }
}
