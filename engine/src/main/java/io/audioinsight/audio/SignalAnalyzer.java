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
import java.util.ArrayList;
import java.util.List;

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
   * Seconds of context before (and after) a chunk's reported range that the spectral stages see: the noise
   * tracker's smoothing and running minimum (half a second each way), the guard frames and speech tails of the SNR
   * rules and the segmenter's bridging all settle within it, so a reported frame gets the value it has in the whole
   * file (up to the signal's mean, taken over the chunk: {@link #withoutDc}).
   */
  public static final double SPECTRAL_CONTEXT_SECONDS = 4.0;

  /**
   * The grid (16 kHz samples) on which a chunk of a long file must start, and its context begin, for its analysis to
   * line up with the whole file's: the spectrogram's hop, the noise tracker's sub-windows (10 frames) and the voice
   * activity grid of {@code hopSize}. {@code lcm(1600, hopSize)}: 0.8 s for the default 512.
   */
  public static long alignment(int hopSize) {
    long a = 1600;
    long b = hopSize;
    long x = a;
    long y = b;
    while (y != 0) {
      long t = x % y;
      x = y;
      y = t;
    }
    return a / x * b;
  }

  /**
   * One chunk of a long file, analysed with context: {@code samples16k} holds audio before and after the reported
   * range {@code [from, to)} (sample indices), which is analysed but not reported, so that the stages that carry
   * state across a file (the neural voice activity network above all, whose memory is long) start the reported
   * range as they do in the whole file. The network runs over all the samples; the spectral stages over the
   * reported range with {@link #SPECTRAL_CONTEXT_SECONDS} either side (on the {@link #alignment} grid). The result is
   * in the reported range's time: its segments (a segment crossing an edge is cut there), speech ratio, SNR sums
   * ({@link ActiveSpeechSnr#sums(Spectrogram, NoiseFloor, boolean[], int, int, Cancellation)}) and speech frames
   * (one per 10 ms frame of the range). Its {@code spectrogram} is the spectral slice's, context included.
   */
  public SpeechAnalysis analyze(float[] samples16k, int hopSize, double threshold, boolean withSnr, int from, int to,
                                Cancellation cancellation) {
    return analyze(samples16k, hopSize, threshold, withSnr, from, to, Double.NaN, cancellation);
  }

  /**
   * As above, with the whole file's {@code mean} taken out of the spectral slice (as the whole file's analysis
   * takes it out), rather than the slice's own; NaN: the slice's own.
   */
  public SpeechAnalysis analyze(float[] samples16k, int hopSize, double threshold, boolean withSnr, int from, int to,
                                double mean, Cancellation cancellation) {
    return analyze(samples16k, hopSize, threshold, withSnr, from, to, mean, null, cancellation);
  }

  /**
   * As above, with the neural network's {@code carry} from the previous chunk (taken at {@code from}; null: none):
   * the network then starts at {@code from} rather than running over the context. The result's
   * {@link SpeechAnalysis#vadCarry} is taken at {@code to}, for the next chunk.
   */
  public SpeechAnalysis analyze(float[] samples16k, int hopSize, double threshold, boolean withSnr, int from, int to,
                                double mean, VadCarry carry, Cancellation cancellation) {
    long t0 = System.nanoTime();
    long align = alignment(hopSize);
    long contextSamples = (long) Math.ceil(SPECTRAL_CONTEXT_SECONDS * Spectrogram.SAMPLE_RATE / align) * align;
    int sliceFrom = (int) Math.max(0, from - contextSamples);
    if (sliceFrom % align != 0 && sliceFrom > 0) {
      sliceFrom = (int) (sliceFrom / align * align);
    }
    int sliceTo = samples16k.length; // the caller's tail ends where the whole file's tracker phase lines up
    // one copy: the slice with the mean taken out (a chunk's audio is tens of MB)
    float m = (float) (Double.isNaN(mean) ? mean(samples16k, sliceFrom, sliceTo) : mean);
    float[] x = new float[sliceTo - sliceFrom];
    for (int i = 0; i < x.length; i++) {
      x[i] = samples16k[sliceFrom + i] - m;
    }
    Spectrogram spectrogram = Spectrogram.of(x, cancellation);
    long t1 = System.nanoTime();
    NoiseFloor noise = NoiseFloor.track(spectrogram, cancellation);
    List<Segment> sliceSegments;
    VadCarry carryOut = null;
    boolean usedCarry = false;
    if (vad instanceof DspVad dsp) {
      float[] p = dsp.speechProbabilities(spectrogram, noise, x.length, hopSize, cancellation);
      sliceSegments = SpeechSegmenter.segment(p, hopSize, x.length, threshold).segments();
    } else if (vad instanceof io.audioinsight.audio.silero.SileroVad silero) {
      // the network over everything (its context is the caller's), segmented there, then moved to the slice
      io.audioinsight.audio.silero.SileroVad.Carried carried =
          silero.speechProbabilities(samples16k, hopSize, from, carry, to, cancellation);
      carryOut = carried.carry();
      usedCarry = carried.usedCarry();
      float[] p = carried.probabilities();
      sliceSegments = shifted(SpeechSegmenter.segment(p, hopSize, samples16k.length, threshold).segments(),
          sliceFrom, x.length);
    } else {
      float[] raw = java.util.Arrays.copyOfRange(samples16k, sliceFrom, sliceTo);
      float[] p = vad.speechProbabilities(raw, spectrogram, hopSize, cancellation);
      sliceSegments = SpeechSegmenter.segment(p, hopSize, x.length, threshold).segments();
    }
    cancellation.throwIfCancelled();
    int a = from - sliceFrom;
    int b = to - sliceFrom;
    List<Segment> reported = shifted(sliceSegments, a, b - a);
    double reportedS = (b - a) / (double) Spectrogram.SAMPLE_RATE;
    double speech = 0;
    for (Segment s : reported) {
      speech += s.duration();
    }
    double speechRatio = reportedS > 0 ? Math.min(1.0, speech / reportedS) : 0.0;
    long t2 = System.nanoTime();

    boolean[] sliceSpeech = FrameGrid.framesInside(sliceSegments, spectrogram.frames());
    int firstFrame = a / Spectrogram.HOP;
    int reportedFrames = (b - a + Spectrogram.HOP - 1) / Spectrogram.HOP;
    int endFrame = Math.min(spectrogram.frames(), firstFrame + reportedFrames);
    boolean[] speechFrames = java.util.Arrays.copyOfRange(sliceSpeech, firstFrame, firstFrame + reportedFrames);
    long t3 = t2;
    SnrResult snr;
    SnrSums sums = null;
    if (withSnr) {
      sums = ActiveSpeechSnr.sums(spectrogram, noise, sliceSpeech, firstFrame, endFrame, cancellation);
      ActiveSpeechSnr.Estimate estimate = ActiveSpeechSnr.fromSums(sums);
      Double globalSnrDb = reported.isEmpty() ? null : estimate.globalSnrDb();
      ActiveSpeechLevel.Sums levelSums = ActiveSpeechLevel.measure(x, a, b, cancellation);
      sums.level(levelSums);
      Double level = estimate.snrDb() == null ? null : ActiveSpeechLevel.dbfs(levelSums);
      boolean hasInterval = estimate.lowDb() != null;
      snr = new SnrResult(round2(estimate.snrDb()), round2(globalSnrDb), speechRatio, reported,
          vad.name(), hopSize, threshold,
          hasInterval ? SnrInterval.confidence(estimate.lowDb(), estimate.highDb()) : null,
          hasInterval ? new SnrResult.Interval(round2(estimate.lowDb()), round2(estimate.highDb())) : null,
          round2(level), 0.0);
      t3 = System.nanoTime();
    } else {
      snr = new SnrResult(null, null, speechRatio, reported, vad.name(), hopSize, threshold);
    }
    return new SpeechAnalysis(snr, sums, spectrogram, speechFrames, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2),
        carryOut, usedCarry);
  }

  /**
   * {@code segments} (seconds) seen from sample {@code origin}: moved by it, cut to {@code [0, length)} samples,
   * those left empty dropped; times to the millisecond, as the segmenter gives them.
   */
  private static List<Segment> shifted(List<Segment> segments, int origin, int length) {
    double shift = origin / (double) Spectrogram.SAMPLE_RATE;
    double end = length / (double) Spectrogram.SAMPLE_RATE;
    List<Segment> out = new ArrayList<>();
    for (Segment s : segments) {
      double a = Math.max(0, s.start() - shift);
      double b = Math.min(end, s.end() - shift);
      if (b > a) {
        out.add(new Segment(round3(a), round3(b)));
      }
    }
    return out;
  }

  private static double round3(double seconds) {
    return Math.round(seconds * 1000.0) / 1000.0;
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
    return without(x, (float) (sum / x.length));
  }

  /** {@code x} minus {@code mean} (a copy, unless it is exactly 0). */
  static float[] without(float[] x, float mean) {
    if (mean == 0f) {
      return x;
    }
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] - mean;
    }
    return out;
  }

  /** The mean of {@code x} as {@link #withoutDc} takes it: summed in double, in order. */
  public static double mean(float[] x) {
    return mean(x, 0, x.length);
  }

  private static double mean(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i];
    }
    return to > from ? sum / (to - from) : 0;
  }

  private static Double round2(Double v) {
    return v == null ? null : Math.round(v * 100.0) / 100.0;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
