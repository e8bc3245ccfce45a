package io.audioinsight.audio.vad;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.FastLog;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VoiceActivityDetector;
import io.audioinsight.audio.noise.NoiseFloor;

/**
 * Voice activity from the shared spectrogram, in three steps.
 *
 * <ol>
 *   <li>Evidence per 10 ms frame: the Sohn et al. (1999) log likelihood ratio of "speech plus noise" against
 *       "noise" for each bin between {@link #LOW_HZ} and {@link #HIGH_HZ}, with the a-priori SNR from the
 *       decision-directed rule and the noise PSD from {@link NoiseFloor}, averaged over those bins. The band
 *       leaves out DC offset, rumble and the lowest hum harmonics; steady tones inside it are part of the
 *       per-bin noise floor. Frames quieter than {@link #SILENCE_POWER} (digital silence) get no evidence
 *       of speech. Evidence from frames whose SNR is nearly the same in every bin (a louder burst of the same
 *       noise, not speech) is discounted by {@link #FLAT_LOW}/{@link #FLAT_HIGH}.</li>
 *   <li>Calibration and smoothing: the evidence, shifted and scaled into a frame log-likelihood ratio,
 *       drives a two-state (noise/speech) hidden Markov model whose forward-backward posterior is the
 *       speech probability per frame; the transition probabilities give speech and pauses their typical
 *       lengths, so the posterior bridges short dips and ignores isolated noisy frames. Then
 *       {@link BackgroundGate} clears stretches more than {@link #BACKGROUND_DB} below the loud speech
 *       (background talk).</li>
 *   <li>The frame probabilities are averaged onto the caller's grid of {@code hopSize} samples.</li>
 * </ol>
 *
 * <p>Stateless and thread-safe: all per-call state lives in locals.
 */
public final class DspVad implements VoiceActivityDetector {

  public static final String NAME = "dsp";
  static final double LOW_HZ = 200;
  static final double HIGH_HZ = 4000;
  static final int LOW_BIN = (int) Math.ceil(LOW_HZ * Spectrogram.FFT_SIZE / Spectrogram.SAMPLE_RATE);
  static final int HIGH_BIN = (int) Math.floor(HIGH_HZ * Spectrogram.FFT_SIZE / Spectrogram.SAMPLE_RATE);
  /** Decision-directed smoothing of the a-priori SNR (Ephraim and Malah). */
  static final float DD_ALPHA = 0.96f;
  /** Lower bound of the a-priori SNR, -20 dB. */
  static final float XI_MIN = 0.01f;
  /** Upper bound of the a-posteriori SNR per bin (+30 dB), so one loud bin cannot outvote the band. */
  static final float GAMMA_MAX = 1000f;
  /** Mean band power per bin below which a frame is silence whatever the noise floor says (about -100 dBFS). */
  static final float SILENCE_POWER = 1.5e-8f;
  /** Frame evidence at which speech and noise are equally likely. */
  static final float EVIDENCE_OFFSET = 0.04f;
  /** Converts evidence (a per-bin average) into a frame log-likelihood ratio. */
  static final float EVIDENCE_SCALE = 10f;
  /** Speech more than this far below the file's loud speech is background talk (babble), see BackgroundGate. */
  static final float BACKGROUND_DB = 15f;
  /**
   * Flatness (geometric over arithmetic mean) of the per-bin a-posteriori SNR: evidence counts fully below
   * FLAT_LOW and not at all above FLAT_HIGH. A louder stretch of the same noise has the flatness of
   * exponential variates (e^-0.577 = 0.56); speech, even at low SNR, is peakier.
   */
  static final float FLAT_LOW = 0.45f;
  static final float FLAT_HIGH = 0.60f;
  /** Bound on one frame's log-likelihood ratio, so no single frame is decisive. */
  static final float MAX_FRAME_LLR = 3f;
  /** Per-frame probability of leaving speech (mean speech run 0.5 s) and of entering it (mean pause 1 s). */
  static final double P_SPEECH_TO_NOISE = 0.02;
  static final double P_NOISE_TO_SPEECH = 0.01;
  private static final int CHECK_EVERY_FRAMES = 1000;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] speechProbabilities(float[] samples16k, Spectrogram spectrogram, int hopSize, Cancellation cancellation) {
    NoiseFloor noise = NoiseFloor.track(spectrogram, cancellation);
    return speechProbabilities(spectrogram, noise, samples16k.length, hopSize, cancellation);
  }

  /** As the interface method, reusing a noise floor the caller already tracked (the analyzer shares it with SNR). */
  public float[] speechProbabilities(
      Spectrogram spectrogram, NoiseFloor noise, int sampleCount, int hopSize, Cancellation cancellation) {
    float[] frames = frameProbabilities(spectrogram, noise, cancellation);
    return FrameGrid.toHopGrid(frames, sampleCount, hopSize);
  }

  /** Speech probability per 10 ms spectrogram frame. */
  public float[] frameProbabilities(Spectrogram spectrogram, NoiseFloor noise, Cancellation cancellation) {
    float[] bandPower = new float[spectrogram.frames()];
    float[] llr = frameEvidence(spectrogram, noise, bandPower, cancellation);
    for (int t = 0; t < llr.length; t++) {
      float v = EVIDENCE_SCALE * (llr[t] - EVIDENCE_OFFSET);
      llr[t] = Math.max(-MAX_FRAME_LLR, Math.min(MAX_FRAME_LLR, v));
    }
    cancellation.throwIfCancelled();
    float[] posterior = TwoStateSmoother.posterior(llr, P_SPEECH_TO_NOISE, P_NOISE_TO_SPEECH);
    BackgroundGate.apply(posterior, bandPower, BACKGROUND_DB);
    return posterior;
  }

  /** Mean Sohn log likelihood ratio over the band, per frame; very negative for silent frames. */
  public static float[] frameEvidence(Spectrogram spectrogram, NoiseFloor noise, Cancellation cancellation) {
    return frameEvidence(spectrogram, noise, new float[spectrogram.frames()], cancellation);
  }

  /** As above, also storing each frame's power in the band into {@code bandPowerOut}. */
  static float[] frameEvidence(
      Spectrogram spectrogram, NoiseFloor noise, float[] bandPowerOut, Cancellation cancellation) {
    int frames = spectrogram.frames();
    float[] power = spectrogram.power();
    float[] psd = noise.psd();
    int lo = LOW_BIN;
    int hi = HIGH_BIN;
    int bins = hi - lo + 1;
    float[] previousCleanSnr = new float[Spectrogram.BINS];
    float[] evidence = new float[frames];
    for (int t = 0; t < frames; t++) {
      if (t % CHECK_EVERY_FRAMES == 0) {
        cancellation.throwIfCancelled();
      }
      int base = t * Spectrogram.BINS;
      int noiseBase = NoiseFloor.rowOffset(t);
      float sum = 0;
      float bandPower = 0;
      float gammaSum = 0;
      float logGammaSum = 0;
      for (int k = lo; k <= hi; k++) {
        float p = power[base + k];
        bandPower += p;
        float gamma = Math.min(p / psd[noiseBase + k], GAMMA_MAX);
        gammaSum += gamma;
        logGammaSum += FastLog.ln(gamma);
        float xi = Math.max(DD_ALPHA * previousCleanSnr[k] + (1f - DD_ALPHA) * Math.max(gamma - 1f, 0f), XI_MIN);
        float gain = xi / (1f + xi);
        previousCleanSnr[k] = gain * gain * gamma;
        sum += gamma * gain - FastLog.ln(1f + xi);
      }
      bandPowerOut[t] = bandPower;
      // Spectral flatness of the SNR across the band: noise that merely got louder raises every bin alike
      // (flatness of exponential variates, 0.56), speech raises its harmonics and formants (far lower).
      float flatness = (float) Math.exp(logGammaSum / bins) / Math.max(gammaSum / bins, 1e-20f);
      float weight = Math.max(0f, Math.min(1f, (FLAT_HIGH - flatness) / (FLAT_HIGH - FLAT_LOW)));
      float e = sum / bins;
      evidence[t] = bandPower < SILENCE_POWER * bins ? -1f : (e > EVIDENCE_OFFSET ? EVIDENCE_OFFSET + weight * (e - EVIDENCE_OFFSET) : e);
    }
    return evidence;
  }
}
