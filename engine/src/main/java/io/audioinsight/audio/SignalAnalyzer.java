package io.audioinsight.audio;

import io.audioinsight.audio.noise.NoiseFloor;
import io.audioinsight.audio.snr.ActiveSpeechLevel;
import io.audioinsight.audio.snr.ActiveSpeechSnr;
import io.audioinsight.audio.snr.SnrInterval;
import io.audioinsight.audio.snr.SnrSums;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.audio.vad.FrameGrid;
import io.audioinsight.audio.vad.SpeechActivity;
import io.audioinsight.audio.vad.SpeechSegmenter;

/**
 * The engine after decoding: a 16 kHz mono signal in, the SNR block out. Removes DC for the spectral stages,
 * computes the spectrogram and the noise floor once, then runs voice activity, segmentation, active-speech SNR and
 * global SNR.
 * Stateless apart from the immutable voice activity engine, so thread-safe.
 */
public final class SignalAnalyzer {

  private final VoiceActivityDetector vad;

  public SignalAnalyzer(VoiceActivityDetector vad) {
    this.vad = java.util.Objects.requireNonNull(vad, "vad");
  }

  public String vadEngine() {
    return vad.name();
  }

  /** The spectrogram alone, of the DC-free signal (for operations that need no SNR). */
  public static Spectrogram spectrogram(float[] samples16k, Cancellation cancellation) {
    return Spectrogram.of(withoutDc(samples16k), cancellation);
  }

  public SpeechAnalysis analyze(float[] samples16k, int hopSize, double threshold, Cancellation cancellation) {
    return analyze(samples16k, hopSize, threshold, true, cancellation);
  }

  /**
   * As above; with {@code withSnr} false only the spectrogram and voice activity are computed (what the
   * speaker stage needs), and the SNR block carries null SNRs and a zero SNR time.
   */
  public SpeechAnalysis analyze(
      float[] samples16k, int hopSize, double threshold, boolean withSnr, Cancellation cancellation) {
    long t0 = System.nanoTime();
    float[] x = withoutDc(samples16k);
    Spectrogram spectrogram = Spectrogram.of(x, cancellation);
    long t1 = System.nanoTime();

    NoiseFloor noise = NoiseFloor.track(spectrogram, cancellation);
    // A neural engine hears the samples as they are, as its reference implementation feeds them and as a live
    // stream (which cannot know the mean in advance) feeds them: so a stream's probabilities equal the file's.
    float[] probabilities = vad instanceof DspVad dsp
        ? dsp.speechProbabilities(spectrogram, noise, x.length, hopSize, cancellation)
        : vad.speechProbabilities(samples16k, spectrogram, hopSize, cancellation);
    cancellation.throwIfCancelled();
    SpeechActivity activity = SpeechSegmenter.segment(probabilities, hopSize, x.length, threshold);
    long t2 = System.nanoTime();

    boolean[] speechFrames = FrameGrid.framesInside(activity.segments(), spectrogram.frames());
    long t3 = t2;
    SnrResult snr;
    SnrSums sums = null;
    if (withSnr) {
      sums = ActiveSpeechSnr.sums(spectrogram, noise, speechFrames, cancellation);
      ActiveSpeechSnr.Estimate estimate = ActiveSpeechSnr.fromSums(sums);
      Double globalSnrDb = activity.segments().isEmpty() ? null : estimate.globalSnrDb();
      // measured even without an SNR: a chunk of a long file adds its level sums to the file's (SnrSums#concat)
      ActiveSpeechLevel.Sums levelSums = ActiveSpeechLevel.measure(x, cancellation);
      sums.level(levelSums);
      Double level = estimate.snrDb() == null ? null : ActiveSpeechLevel.dbfs(levelSums);
      boolean hasInterval = estimate.lowDb() != null;
      snr = new SnrResult(round2(estimate.snrDb()), round2(globalSnrDb), activity.speechRatio(), activity.segments(),
          vad.name(), hopSize, threshold,
          hasInterval ? SnrInterval.confidence(estimate.lowDb(), estimate.highDb()) : null,
          hasInterval ? new SnrResult.Interval(round2(estimate.lowDb()), round2(estimate.highDb())) : null,
          round2(level), 0.0);
      t3 = System.nanoTime();
    } else {
      snr = new SnrResult(null, null, activity.speechRatio(), activity.segments(), vad.name(), hopSize, threshold);
    }
    return new SpeechAnalysis(snr, sums, spectrogram, speechFrames, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
  }

  /**
   * The signal minus its mean (a copy, unless the mean is exactly 0), so that a DC offset counts neither as
   * speech nor as noise. A DC filter with a time constant would leak the low-frequency content of speech
   * into the pauses after it; the mean does not.
   */
  static float[] withoutDc(float[] x) {
    if (x.length == 0) {
      return x;
    }
    double sum = 0;
    for (float v : x) {
      sum += v;
    }
    float mean = (float) (sum / x.length);
    if (mean == 0f) {
      return x;
    }
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] - mean;
    }
    return out;
  }

  private static Double round2(Double v) {
    return v == null ? null : Math.round(v * 100.0) / 100.0;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
