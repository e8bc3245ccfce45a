package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerCounting;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.Spectrogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts distinct speakers and says who spoke when, from the shared spectrogram and a per-frame speech
 * mask. Classical diarization in four steps:
 *
 * <ol>
 *   <li>MFCCs of the speech frames, normalised per file ({@link MelCepstrum});
 *   <li>the speech cut into ~2 s chunks (never across a pause), each summarised by a full-covariance
 *       Gaussian over its voiced frames (2 s rather than 1 s: a 20-dimensional full covariance has 230
 *       parameters, and ~100 voiced frames estimate it too noisily for BIC to tell close voices apart);
 *       chunks too short to estimate are left for step 4;
 *   <li>agglomerative clustering of the chunks with a ΔBIC stopping rule ({@link BicClustering});
 *   <li>Viterbi resegmentation of every speech frame with one Gaussian per cluster ({@link Resegmentation});
 *       voices with under a second of speech are folded into the others, clusters that BIC now finds to be
 *       one voice are merged, and the models are re-estimated and decoded again while either changes
 *       anything (a few rounds at most).
 * </ol>
 *
 * <p>{@link SpeakerTurns} then makes the count and the segments: a speaker's run under 0.25 s inside a stretch
 * of speech joins its longer neighbour (decoder flicker, not a turn), and voices with under a second in all
 * are folded into their neighbours.
 *
 * <p>Speaker hints bound every clustering step (ΔBIC merging stops at the minimum and is forced down to the
 * maximum) and keep the largest {@code lower} voices from being folded away for being short; the count can
 * still fall under a minimum when the speech holds fewer modelable chunks than voices asked for.
 *
 * <p>Immutable and thread-safe: all working state is local to {@link #count}. Deterministic: no randomness,
 * fixed iteration order, ties broken by index.
 */
public final class SpeakerCounter implements SpeakerCounting {

  /**
   * Tuning of the method; {@link #defaults()} is what the service uses.
   *
   * @param coeffs        cepstral coefficients c1..cN per frame (1..31)
   * @param chunkSeconds  length of the initial chunks
   * @param bicLambda     weight of the BIC penalty (1 = textbook BIC)
   * @param switchPenalty log-likelihood cost of a speaker change in resegmentation
   * @param iterations    resegmentation rounds (re-estimate, decode) before the merge check
   */
  public record Settings(int coeffs, double chunkSeconds, double bicLambda, double switchPenalty, int iterations) {

    public Settings {
      if (coeffs < 1 || coeffs > MelCepstrum.MAX_COEFFS) {
        throw new IllegalArgumentException("coeffs must be in 1.." + MelCepstrum.MAX_COEFFS);
      }
      if (!(chunkSeconds >= 0.3) || !(bicLambda > 0) || !(switchPenalty >= 0) || iterations < 1) {
        throw new IllegalArgumentException("bad speaker counter settings");
      }
    }

    public static Settings defaults() {
      return new Settings(20, 2.0, 1.5, 60.0, 1);
    }
  }

  /** Speech shorter than this in total is too little to call a voice: no speakers. */
  static final double MIN_SPEECH_SECONDS = 0.5;
  /** A voice counts when it speaks at least this long in total (DESIGN.md: "at least about one second"). */
  static final double MIN_SPEAKER_SECONDS = 1.0;
  /** A jump of more than this many frames (0.25 s) between speech frames is a pause. */
  static final int PAUSE_FRAMES = 25;
  /** Fewest loud frames for a chunk to be clustered, and for a cluster to get a model (0.3 s). */
  static final int MIN_MODEL_FRAMES = 30;
  /** Byte back-pointers in Viterbi, and a sane bound: keep the largest clusters. */
  private static final int MAX_SPEAKERS = 16;
  /** Rounds allowed after {@code iterations} for pruning and merging to settle. */
  private static final int EXTRA_ROUNDS = 4;
  /** Chunks grow beyond chunkSeconds when a file has more than this many of them (about 8 minutes of speech). */
  private static final int MAX_CHUNKS = 240;
  /** Resegmentation scores every second frame (20 ms). */
  private static final int DECODE_STRIDE = 2;
  /** Speaker models for resegmentation are fitted on every second frame: neighbours add little. */
  private static final int MODEL_STRIDE = 2;

  private static final SpeakerResult NO_SPEAKERS = new SpeakerResult(0, List.of(), List.of(), "classic");

  private final Settings settings;

  public SpeakerCounter() {
    this(Settings.defaults());
  }

  public SpeakerCounter(Settings settings) {
    this.settings = settings;
  }

  /**
   * Counts the speakers in {@code spec}.
   *
   * @param speechFrames per spectrogram frame (10 ms), true where the VAD heard speech; frames beyond either
   *                     array's end are treated as non-speech
   */
  public SpeakerResult count(Spectrogram spec, boolean[] speechFrames, Cancellation cancellation) {
    return count(spec, speechFrames, SpeakerHints.NONE, cancellation);
  }

  @Override
  public String name() {
    return "classic";
  }

  @Override
  public SpeakerResult count(float[] samples, Spectrogram spec, boolean[] speechFrames, SpeakerHints hints,
                             Cancellation cancellation) {
    return count(spec, speechFrames, hints, cancellation);
  }

  /** Counts the speakers in {@code spec} within {@code hints}. */
  public SpeakerResult count(Spectrogram spec, boolean[] speechFrames, SpeakerHints hints, Cancellation cancellation) {
    int[] frames = SpeechFeatures.speechFrames(spec, speechFrames);
    if (frames.length * Spectrogram.FRAME_SECONDS < MIN_SPEECH_SECONDS) {
      return NO_SPEAKERS;
    }
    int dim = settings.coeffs();
    SpeechFeatures f = SpeechFeatures.of(spec, frames, dim, cancellation);
    int[] labels = initialLabels(f.x(), frames, f.loud(), dim, hints, cancellation);
    labels = resegment(f.x(), frames, f.loud(), dim, labels, hints, cancellation);
    return SpeakerTurns.result(frames, labels, hints.lower());
  }

  /**
   * Steps 2 to 4 on features already made ({@code f.frames()} only marks the pauses): a label 0.. for every speech
   * frame, before {@link SpeakerTurns}' smoothing. {@link VoiceResegmentation} uses it as a second start.
   */
  int[] labels(SpeechFeatures f, SpeakerHints hints, Cancellation cancellation) {
    int[] labels = initialLabels(f.x(), f.frames(), f.loud(), f.dim(), hints, cancellation);
    return resegment(f.x(), f.frames(), f.loud(), f.dim(), labels, hints, cancellation);
  }

  /** Steps 2 and 3: chunk, cluster by BIC, and label each loud frame of a clustered chunk (others -1). */
  private int[] initialLabels(float[] x, int[] frames, boolean[] loud, int dim, SpeakerHints hints,
                              Cancellation cancellation) {
    int n = frames.length;
    int loudFrames = 0;
    for (boolean l : loud) {
      if (l) {
        loudFrames++;
      }
    }
    // longer chunks for long recordings, so clustering (quadratic in chunks) stays cheap per second
    int chunkFrames = Math.max(
        (int) Math.round(settings.chunkSeconds() / Spectrogram.FRAME_SECONDS), loudFrames / MAX_CHUNKS);
    List<Gaussian> chunks = new ArrayList<>();
    int[] chunkOf = new int[n];
    Arrays.fill(chunkOf, -1);
    Gaussian current = new Gaussian(dim);
    int start = 0;
    for (int i = 0; i <= n; i++) {
      boolean pause = i == n || (i > 0 && frames[i] - frames[i - 1] > PAUSE_FRAMES);
      if ((pause || current.n >= chunkFrames) && i > start) {
        if (current.n >= MIN_MODEL_FRAMES) {
          for (int f = start; f < i; f++) {
            if (loud[f]) {
              chunkOf[f] = chunks.size();
            }
          }
          chunks.add(current);
        }
        current = new Gaussian(dim);
        start = i;
      }
      if (i < n && loud[i]) {
        current.add(x, i * dim);
      }
    }
    int[] labels = new int[n];
    Arrays.fill(labels, -1);
    if (chunks.isEmpty()) {
      return labels;
    }
    int[] chunkLabels = BicClustering.cluster(chunks.toArray(new Gaussian[0]), settings.bicLambda(), hints.lower(),
        hints.upper(), cancellation);
    for (int i = 0; i < n; i++) {
      if (chunkOf[i] >= 0) {
        labels[i] = chunkLabels[chunkOf[i]];
      }
    }
    return labels;
  }

  /**
   * Step 4: fit, decode and prune until stable, then merge clusters that BIC says are one voice and repeat.
   * Returns a label 0.. for every speech frame.
   */
  private int[] resegment(
      float[] x, int[] frames, boolean[] loud, int dim, int[] labels, SpeakerHints hints, Cancellation cancellation) {
    int minSpeakerFrames = (int) Math.round(MIN_SPEAKER_SECONDS / Spectrogram.FRAME_SECONDS);
    int rounds = settings.iterations() + EXTRA_ROUNDS;
    for (int round = 0; round < rounds; round++) {
      cancellation.throwIfCancelled();
      Gaussian[] stats = statsByLabel(x, loud, dim, labels, MODEL_STRIDE);
      if (stats.length <= 1) {
        Arrays.fill(labels, 0);
        return labels;
      }
      Resegmentation.Model[] models = new Resegmentation.Model[stats.length];
      for (int s = 0; s < stats.length; s++) {
        models[s] = new Resegmentation.Model(stats[s]);
      }
      labels = Resegmentation.decode(
          x, frames, dim, models, DECODE_STRIDE, PAUSE_FRAMES, settings.switchPenalty(), cancellation);
      boolean last = round == rounds - 1;
      if (last) {
        break;
      }
      boolean pruned = pruneShortSpeakers(labels, stats.length, minSpeakerFrames, hints.lower());
      if (pruned || round < settings.iterations() - 1) {
        continue;
      }
      if (!mergeByBic(x, loud, dim, labels, hints, cancellation)) {
        break;
      }
    }
    return labels;
  }

  /**
   * Full-covariance statistics of each label's loud frames, labels renumbered 0.. in place; labels with too
   * few loud frames to model are dropped (set to -1), as are all but the {@link #MAX_SPEAKERS} largest.
   */
  private static Gaussian[] statsByLabel(float[] x, boolean[] loud, int dim, int[] labels, int stride) {
    int maxLabel = -1;
    for (int l : labels) {
      maxLabel = Math.max(maxLabel, l);
    }
    int[] loudCount = new int[maxLabel + 1];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0 && loud[i]) {
        loudCount[labels[i]]++;
      }
    }
    // keep labels with enough frames, the largest first (ties: lower label), at most MAX_SPEAKERS
    Integer[] order = new Integer[maxLabel + 1];
    for (int l = 0; l <= maxLabel; l++) {
      order[l] = l;
    }
    Arrays.sort(order, (a, b) -> loudCount[a] != loudCount[b] ? Integer.compare(loudCount[b], loudCount[a]) : a - b);
    int[] map = new int[maxLabel + 1];
    Arrays.fill(map, -1);
    int kept = 0;
    for (int r = 0; r < order.length && kept < MAX_SPEAKERS; r++) {
      if (loudCount[order[r]] >= MIN_MODEL_FRAMES) {
        map[order[r]] = 0; // mark; numbered below in label order
        kept++;
      }
    }
    int next = 0;
    for (int l = 0; l <= maxLabel; l++) {
      if (map[l] == 0) {
        map[l] = next++;
      } else {
        map[l] = -1;
      }
    }
    Gaussian[] stats = new Gaussian[next];
    for (int s = 0; s < next; s++) {
      stats[s] = new Gaussian(dim);
    }
    for (int i = 0; i < labels.length; i++) {
      int l = labels[i] >= 0 ? map[labels[i]] : -1;
      labels[i] = l;
      if (l >= 0 && loud[i] && i % stride == 0) {
        stats[l].add(x, i * dim);
      }
    }
    return stats;
  }

  /**
   * Unlabels speakers with less than {@code minFrames} speech in total, except the {@code keep} largest ones
   * (1, or the hinted minimum).
   */
  private static boolean pruneShortSpeakers(int[] labels, int k, int minFrames, int keep) {
    int[] count = new int[k];
    for (int l : labels) {
      count[l]++;
    }
    boolean[] kept = SpeakerTurns.largest(count, keep);
    boolean pruned = false;
    for (int i = 0; i < labels.length; i++) {
      int l = labels[i];
      if (l >= 0 && !kept[l] && count[l] < minFrames) {
        labels[i] = -1;
        pruned = true;
      }
    }
    return pruned;
  }

  /** Re-clusters the current speakers by BIC on their now cleaner statistics; true if any merged. */
  private boolean mergeByBic(float[] x, boolean[] loud, int dim, int[] labels, SpeakerHints hints,
                             Cancellation cancellation) {
    Gaussian[] stats = statsByLabel(x, loud, dim, labels, 1);
    int[] merged = BicClustering.cluster(stats, settings.bicLambda(), hints.lower(), hints.upper(), cancellation);
    boolean any = false;
    for (int s = 0; s < merged.length; s++) {
      any |= merged[s] != s;
    }
    if (any) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] >= 0) {
          labels[i] = merged[labels[i]];
        }
      }
    }
    return any;
  }
}
