package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerCounting;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.speakers.VoiceResegmentation;
import java.util.List;
import java.util.Objects;

/**
 * Counts speakers with the learned speaker embedding, exactly as the model was calibrated
 * ({@code scripts/train/speaker-embedding/eval.py}):
 *
 * <ol>
 *   <li>the speech frames (the VAD's mask, 10 ms each) are joined into one stream of speech, pauses removed;
 *   <li>where the model has a turn-change detector, the speech is cut where it finds a change of voice
 *       ({@link TurnChangeDetector});
 *   <li>windows of {@link CountingParameters#windowS()} every {@link CountingParameters#hopS()} over it (inside
 *       each piece between cuts, {@link Windows}) are embedded by the network, one window per ONNX Runtime call;
 *   <li>average-linkage clustering on cosine similarity ({@link AverageLinkage}), cut at the calibrated
 *       threshold or where the hints say ({@link ClusterCut}); clusters with under {@code min_frac} of the
 *       windows are not voices (or, where the model's JSON says {@code "clustering": "spectral"},
 *       {@link SpectralClustering}; {@link WindowClustering} chooses);
 *   <li>resegmentation: a window of a cluster too small to count goes to the voice whose centroid is nearest
 *       (cosine), and each speech frame takes the voice of the window centred nearest to it, so a turn's
 *       boundaries are resolved to half a hop ({@link EmbeddingTurns}), then to 0.25 s at each change of voice
 *       ({@link TurnBoundaries});
 *   <li>where the JSON says {@code "resegmentation": "mfcc"}, the turns are decoded again at 20 ms on MFCC voice
 *       models, with the classic counter's clustering as a second start when the count is given
 *       ({@link VoiceResegmentation}).
 * </ol>
 *
 * <p>Immutable and thread-safe (the model's session is shared, all working state is local); deterministic (no
 * randomness, fixed window batching, ties broken by index); cancellable between windows and merges.
 */
public final class EmbeddingSpeakerCounter implements SpeakerCounting {

  /** Speech shorter than this in total is too little to call a voice: no speakers (as the classic counter). */
  static final double MIN_SPEECH_SECONDS = 0.5;
  /**
   * Most windows clustered: 15 minutes of speech at the default hop. Longer speech gets a longer hop, so the
   * similarity matrix (8·n² bytes, 11.5 MB here) and the embedding time stay bounded whatever the file's length.
   */
  static final int MAX_WINDOWS = 1_200;
  /** Windows embedded between cancellation checks (each takes about 1.5 ms). */
  private static final int CHECK_EVERY_WINDOWS = 16;
  private static final int HOP = Spectrogram.HOP;

  private final SpeakerEmbeddingModel model;
  private final CountingParameters counting;

  /** Counts with the rule and parameters the model was calibrated with. */
  public EmbeddingSpeakerCounter(SpeakerEmbeddingModel model) {
    this(model, model.counting());
  }

  /** Counts with other parameters (the evaluation compares clustering rules on one model this way). */
  public EmbeddingSpeakerCounter(SpeakerEmbeddingModel model, CountingParameters counting) {
    this.model = Objects.requireNonNull(model, "model");
    this.counting = Objects.requireNonNull(counting, "counting");
    if (counting.turnChanges() && model.turnChanges() == null) {
      throw new IllegalArgumentException("turn_change_level " + counting.turnChangeLevel() + " needs a turn-change "
          + "model, and " + model.origin() + " has none");
    }
  }

  @Override
  public String name() {
    return "embedding";
  }

  @Override
  public SpeakerResult count(float[] samples, Spectrogram spec, boolean[] speechFrames, SpeakerHints hints,
                             Cancellation cancellation) {
    int[] frames = speechFrameIndices(Math.min(spec.frames(), speechFrames.length), speechFrames);
    if (frames.length * Spectrogram.FRAME_SECONDS < MIN_SPEECH_SECONDS) {
      return new SpeakerResult(0, List.of(), List.of(), name());
    }
    return countJoined(joinedSpeech(samples, 0, frames), frames, hints, cancellation);
  }

  /**
   * {@link #count} from the speech already joined: {@code speech} holds the {@link Spectrogram#HOP} samples of each
   * speech frame in {@code frames}, one after the other.
   */
  SpeakerResult countJoined(float[] speech, int[] frames, SpeakerHints hints, Cancellation cancellation) {
    SpeechBand.Sums band = SpeechBand.of(speech, cancellation);
    Windows windows = windows(speech, band, cancellation);
    float[][] embeddings = embedAll(speech, windows, cancellation);
    int[] voiceOfWindow = WindowClustering.voices(embeddings, forBand(band), hints, cancellation);
    double[][] centroids = centroids(embeddings, voiceOfWindow);
    assignUncounted(embeddings, voiceOfWindow, centroids);
    int[] voiceOfFrame = new int[frames.length];
    for (int p = 0; p < frames.length; p++) {
      voiceOfFrame[p] = voiceOfWindow[windows.nearest(p * HOP + HOP / 2)];
    }
    int[] refined = TurnBoundaries.refine(model, speech, windows, voiceOfWindow, centroids, voiceOfFrame,
        cancellation);
    if (counting.mfccResegmentation()) {
      refined = VoiceResegmentation.refine(speech, frames, refined, hints, cancellation);
    }
    return EmbeddingTurns.result(frames, refined, name());
  }

  /**
   * The first half of {@link #count} for one chunk of a long file: its speech frames and window embeddings, to be
   * clustered with the other chunks' by {@link #countAcross}, and the tree of its windows alone (what the join
   * sub-clusters a long file with). A chunk with under {@link #MIN_SPEECH_SECONDS} of speech embeds nothing.
   */
  public ChunkEmbeddings embed(float[] samples, Spectrogram spec, boolean[] speechFrames, Cancellation cancellation) {
    return embed(samples, 0, java.util.Arrays.copyOf(speechFrames, Math.min(spec.frames(), speechFrames.length)),
        cancellation);
  }

  /** As above, for a chunk whose frame 0 starts at sample {@code offset} of {@code samples}. */
  public ChunkEmbeddings embed(float[] samples, int offset, boolean[] speechFrames, Cancellation cancellation) {
    int[] frames = speechFrameIndices(speechFrames.length, speechFrames);
    if (frames.length * Spectrogram.FRAME_SECONDS < MIN_SPEECH_SECONDS) {
      return new ChunkEmbeddings(frames, null, new float[0][]);
    }
    float[] speech = joinedSpeech(samples, offset, frames);
    SpeechBand.Sums band = SpeechBand.of(speech, cancellation);
    Windows windows = windows(speech, band, cancellation);
    float[][] embeddings = embedAll(speech, windows, cancellation);
    // the chunk's own tree, for the join's sub-clustering of a long file (FileClustering), built here in parallel
    Dendrogram tree = embeddings.length > 1 ? AverageLinkage.cluster(embeddings, cancellation) : null;
    return new ChunkEmbeddings(frames, windows, embeddings, tree, band);
  }

  /**
   * The speakers of a whole file from its chunks' {@link #embed} results: one clustering of all their windows
   * ({@link FileClustering}), the hints applied to it, turns in file time.
   *
   * @param firstFrames each chunk's first spectrogram frame (10 ms) in the file
   */
  public SpeakerResult countAcross(List<ChunkEmbeddings> chunks, long[] firstFrames, SpeakerHints hints,
                                   Cancellation cancellation) {
    SpeechBand.Sums band = SpeechBand.Sums.NONE;
    for (ChunkEmbeddings c : chunks) {
      band = band.plus(c.band);
    }
    return FileClustering.cluster(chunks, firstFrames, forBand(band), hints, name(), cancellation);
  }

  /**
   * As above; when the chunks kept only their speech frames ({@link #speechOnly}), the speakers are counted as
   * {@link #count} counts them, over the whole file's speech joined from {@code samples}: the same windows, the same
   * clustering and the same turn boundaries as the synchronous route, given the same speech frames.
   */
  public SpeakerResult countAcross(List<ChunkEmbeddings> chunks, long[] firstFrames, SpeakerHints hints,
                                   io.audioinsight.audio.ChunkSamples samples, Cancellation cancellation) {
    boolean speechOnly = !chunks.isEmpty();
    for (ChunkEmbeddings c : chunks) {
      speechOnly &= !c.embedded;
    }
    if (!speechOnly) {
      return countAcross(chunks, firstFrames, hints, cancellation);
    }
    int total = 0;
    for (ChunkEmbeddings c : chunks) {
      total += c.speechFrames.length;
    }
    int[] frames = new int[total];
    float[] speech = new float[total * HOP];
    int at = 0;
    for (int i = 0; i < chunks.size(); i++) {
      ChunkEmbeddings c = chunks.get(i);
      if (c.speechFrames.length == 0) {
        continue;
      }
      cancellation.throwIfCancelled();
      float[] chunkSamples = samples.samples(i);
      float[] joined = joinedSpeech(chunkSamples, 0, c.speechFrames);
      System.arraycopy(joined, 0, speech, at * HOP, joined.length);
      for (int f : c.speechFrames) {
        frames[at++] = Math.toIntExact(firstFrames[i] + f);
      }
    }
    if (frames.length * Spectrogram.FRAME_SECONDS < MIN_SPEECH_SECONDS) {
      return new SpeakerResult(0, List.of(), List.of(), name());
    }
    return countJoined(speech, frames, hints, cancellation);
  }

  /** The parameters for speech of this band: the narrowband threshold for narrowband speech ({@link SpeechBand}). */
  private CountingParameters forBand(SpeechBand.Sums band) {
    return band.narrowband() ? counting.forNarrowband() : counting;
  }

  /** A chunk's speech frames alone, for a file whose speakers are counted at the join ({@link #fitsOneClustering}). */
  public static ChunkEmbeddings speechOnly(boolean[] speechFrames) {
    return ChunkEmbeddings.speechOnly(speechFrameIndices(speechFrames.length, speechFrames));
  }

  /**
   * Whether a file of {@code seconds} has at most {@link #MAX_WINDOWS} windows at the calibrated hop even if all of
   * it is speech: then the synchronous route's windows are the calibrated grid over its speech, and a job can count
   * its speakers the same way at the join, keeping at most that much speech ({@code 4 x HOP} bytes per 10 ms).
   */
  public boolean fitsOneClustering(double seconds) {
    long frames = (long) Math.ceil(seconds / Spectrogram.FRAME_SECONDS);
    return frames * HOP <= counting.windowSamples() + (long) (MAX_WINDOWS - 1) * counting.hopSamples();
  }

  /**
   * The windows over the joined speech: inside the pieces between the turn changes found where the model has a
   * detector and the calibration turns it on, else the regular grid. Two kinds of speech keep the grid and do not
   * run the detector: narrowband (telephone) speech, where the cuts cost more single voices than they gained
   * conversations (5 of 80 telephone conversations fewer with Silero, docs/BENCHMARKS.md, issue 16), and speech
   * too long for the grid at the calibrated hop (over 15 minutes), which stretches its hop instead.
   */
  private Windows windows(float[] speech, SpeechBand.Sums band, Cancellation cancellation) {
    long gridSpan = counting.windowSamples() + (long) (MAX_WINDOWS - 1) * counting.hopSamples();
    if (!counting.turnChanges() || band.narrowband() || speech.length > gridSpan) {
      return Windows.over(speech.length, counting);
    }
    int[] cuts = model.turnChanges().cuts(speech, counting.turnChangeLevel(), cancellation);
    return Windows.inside(speech.length, cuts, counting);
  }

  private float[][] embedAll(float[] speech, Windows windows, Cancellation cancellation) {
    float[][] embeddings = new float[windows.count()][];
    for (int w = 0; w < embeddings.length; w++) {
      if (w % CHECK_EVERY_WINDOWS == 0) {
        cancellation.throwIfCancelled();
      }
      embeddings[w] = model.embed(speech, windows.start(w), windows.length(w));
    }
    return embeddings;
  }

  /** Spectrogram frame index of each speech frame, increasing. */
  private static int[] speechFrameIndices(int limit, boolean[] speechFrames) {
    int n = 0;
    for (int i = 0; i < limit; i++) {
      if (speechFrames[i]) {
        n++;
      }
    }
    int[] frames = new int[n];
    for (int i = 0, j = 0; i < limit; i++) {
      if (speechFrames[i]) {
        frames[j++] = i;
      }
    }
    return frames;
  }

  /** The 10 ms hop of samples of each speech frame (frame 0 at sample {@code offset}), one after the other. */
  private static float[] joinedSpeech(float[] samples, int offset, int[] frames) {
    float[] speech = new float[frames.length * HOP];
    int at = 0;
    for (int f : frames) {
      int from = offset + f * HOP;
      int n = Math.max(0, Math.min(HOP, samples.length - from));
      System.arraycopy(samples, from, speech, at, n);
      at += HOP;
    }
    return speech;
  }

  /** The unit-length mean embedding of each voice's windows. */
  static double[][] centroids(float[][] embeddings, int[] voiceOfWindow) {
    int voices = 0;
    for (int v : voiceOfWindow) {
      voices = Math.max(voices, v + 1);
    }
    int dim = embeddings[0].length;
    double[][] centroid = new double[voices][dim];
    for (int w = 0; w < embeddings.length; w++) {
      if (voiceOfWindow[w] >= 0) {
        for (int d = 0; d < dim; d++) {
          centroid[voiceOfWindow[w]][d] += embeddings[w][d];
        }
      }
    }
    for (double[] c : centroid) {
      double norm = 0;
      for (double x : c) {
        norm += x * x;
      }
      double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int d = 0; d < dim; d++) {
        c[d] *= scale;
      }
    }
    return centroid;
  }

  /** Windows of clusters too small to be voices (-1) join the voice with the most similar centroid. */
  static void assignUncounted(float[][] embeddings, int[] voiceOfWindow, double[][] centroid) {
    int voices = centroid.length;
    int dim = embeddings[0].length;
    for (int w = 0; w < embeddings.length; w++) {
      if (voiceOfWindow[w] >= 0) {
        continue;
      }
      int best = 0;
      double bestSim = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < voices; v++) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
          s += centroid[v][d] * embeddings[w][d];
        }
        if (s > bestSim) {
          bestSim = s;
          best = v;
        }
      }
      voiceOfWindow[w] = best;
    }
  }
}
