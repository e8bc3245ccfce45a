package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.Spectrogram;
import java.util.Arrays;

/**
 * Moves the turns of an already counted set of voices onto the frames where the voice really changes, as the
 * classic counter's last step does: one full-covariance Gaussian of MFCCs per voice, fitted on the frames the
 * caller labelled, and a Viterbi decode of every speech frame with a fixed cost per change of voice
 * ({@link Resegmentation}). The embedding counter's labels come from 1.5 s windows, so its boundaries are coarse
 * and a short turn inside a window is lost; the MFCC models resolve 20 ms.
 *
 * <p>When the caller was told the exact count ({@code num_speakers}), the classic counter's own clustering with
 * that count is a second start: both labellings are scored by the decoder's objective (each voice's model fitted
 * on its own frames) and the higher one is kept. Two starts, the better likelihood kept, is the usual guard
 * against one start's poor local optimum; here the embedding's forced clustering sometimes joins two similar voices
 * and splits another, where MFCC statistics with the count known do not (docs/BENCHMARKS.md, issue 16).
 *
 * <p>Works on the speech alone, joined with the pauses removed (the embedding counter's input), so a job that
 * joins its chunks' speech gets the same labels as the synchronous route. It never changes the count: when a
 * voice has too few loud frames to model, or decoding would leave a voice without frames, the caller's labels are
 * returned unchanged.
 */
public final class VoiceResegmentation {

  private static final int COEFFS = 20;
  /** The classic counter's cost of a change of voice ({@link SpeakerCounter.Settings#defaults()}). */
  private static final double SWITCH_PENALTY = 60.0;
  /** Every second frame scored and modelled (20 ms), as in the classic counter. */
  private static final int STRIDE = 2;
  /** Byte back-pointers in the decoder. */
  private static final int MAX_VOICES = 127;

  private VoiceResegmentation() {}

  /**
   * The voice of each speech frame after resegmentation, numbered as the caller's.
   *
   * @param speech       the {@link Spectrogram#HOP} samples of each speech frame, one after the other
   * @param frames       spectrogram frame of each speech frame in the file, increasing (pauses are the gaps)
   * @param voiceOfFrame the caller's voice 0..k-1 of each speech frame, every voice present
   * @param hints        the request's hints; an exact count adds the classic counter's start
   */
  public static int[] refine(float[] speech, int[] frames, int[] voiceOfFrame, SpeakerHints hints,
                             Cancellation cancellation) {
    int voices = voices(voiceOfFrame);
    if (voices < 2 || voices > MAX_VOICES || frames.length != voiceOfFrame.length
        || speech.length < frames.length * Spectrogram.HOP) {
      return voiceOfFrame;
    }
    SpeechFeatures f = features(speech, frames, cancellation);
    int n = f.count();
    int[] labels = decode(f, Arrays.copyOf(voiceOfFrame, n), voices, cancellation);
    if (hints.lower() == voices && hints.upper() == voices) {
      int[] classic = new SpeakerCounter().labels(f, hints, cancellation);
      if (everyFrameLabelled(classic, voices) && everyVoiceKept(classic, voices)
          && score(f, classic, voices) > (labels == null ? Double.NEGATIVE_INFINITY : score(f, labels, voices))) {
        labels = classic;
      }
    }
    return labels == null ? voiceOfFrame : widen(labels, voiceOfFrame);
  }

  /**
   * MFCCs of the joined speech (a spectrogram frame per speech frame), indexed by file frame so that the decoder
   * and the classic chunking see the pauses.
   */
  private static SpeechFeatures features(float[] speech, int[] frames, Cancellation cancellation) {
    Spectrogram spec = Spectrogram.of(Arrays.copyOf(speech, frames.length * Spectrogram.HOP), cancellation);
    int n = Math.min(frames.length, spec.frames());
    int[] joined = new int[n];
    for (int i = 0; i < n; i++) {
      joined[i] = i;
    }
    SpeechFeatures onJoined = SpeechFeatures.of(spec, joined, COEFFS, cancellation);
    return new SpeechFeatures(Arrays.copyOf(frames, n), onJoined.x(), onJoined.loud(), COEFFS);
  }

  private static int voices(int[] labels) {
    int voices = 0;
    for (int v : labels) {
      voices = Math.max(voices, v + 1);
    }
    return voices;
  }

  /** One fit on {@code labels} and one decode; null when a voice cannot be modelled or would vanish. */
  private static int[] decode(SpeechFeatures f, int[] labels, int voices, Cancellation cancellation) {
    Resegmentation.Model[] models = fit(f, labels, voices);
    if (models == null) {
      return null;
    }
    int[] decoded = Resegmentation.decode(f.x(), f.frames(), COEFFS, models, STRIDE, SpeakerCounter.PAUSE_FRAMES,
        SWITCH_PENALTY, cancellation);
    return everyVoiceKept(decoded, voices) ? decoded : null;
  }

  /** A model per voice from its loud frames; null when a voice has too few to model. */
  private static Resegmentation.Model[] fit(SpeechFeatures f, int[] labels, int voices) {
    Gaussian[] stats = new Gaussian[voices];
    for (int v = 0; v < voices; v++) {
      stats[v] = new Gaussian(COEFFS);
    }
    for (int i = 0; i < labels.length; i += STRIDE) {
      if (f.loud()[i] && labels[i] >= 0) {
        stats[labels[i]].add(f.x(), i * COEFFS);
      }
    }
    Resegmentation.Model[] models = new Resegmentation.Model[voices];
    for (int v = 0; v < voices; v++) {
      if (stats[v].n < SpeakerCounter.MIN_MODEL_FRAMES) {
        return null;
      }
      models[v] = new Resegmentation.Model(stats[v]);
    }
    return models;
  }

  /**
   * The decoder's objective for a labelling, each voice's model fitted on its own frames: the scored frames'
   * log-likelihoods less the cost of each change of voice (half across a pause, as the decoder charges it).
   */
  static double score(SpeechFeatures f, int[] labels, int voices) {
    Resegmentation.Model[] models = fit(f, labels, voices);
    if (models == null) {
      return Double.NEGATIVE_INFINITY;
    }
    double s = 0;
    int prevRow = -1;
    for (int row = 0; row < labels.length; row += STRIDE) {
      s += models[labels[row]].logLikelihood(f.x(), row * f.dim());
      if (prevRow >= 0 && labels[row] != labels[prevRow]) {
        boolean pause = f.frames()[row] - f.frames()[prevRow] > SpeakerCounter.PAUSE_FRAMES + STRIDE - 1;
        s -= pause ? 0.5 * SWITCH_PENALTY : SWITCH_PENALTY;
      }
      prevRow = row;
    }
    return s;
  }

  /** {@code labels} over the caller's full frame array (a spectrogram shorter by a frame keeps the last labels). */
  private static int[] widen(int[] labels, int[] voiceOfFrame) {
    if (labels.length == voiceOfFrame.length) {
      return labels;
    }
    int[] out = voiceOfFrame.clone();
    System.arraycopy(labels, 0, out, 0, labels.length);
    return out;
  }

  /** Every label is a voice 0..voices-1 (none left out as too short, none beyond the count). */
  private static boolean everyFrameLabelled(int[] labels, int voices) {
    for (int l : labels) {
      if (l < 0 || l >= voices) {
        return false;
      }
    }
    return true;
  }

  private static boolean everyVoiceKept(int[] labels, int voices) {
    boolean[] seen = new boolean[voices];
    int left = voices;
    for (int l : labels) {
      if (l >= 0 && l < voices && !seen[l]) {
        seen[l] = true;
        if (--left == 0) {
          return true;
        }
      }
    }
    return false;
  }
}
