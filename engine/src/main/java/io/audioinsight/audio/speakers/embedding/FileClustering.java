package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One clustering of the windows of every chunk of a file, so that a long file analysed in chunks gets one set of
 * voices with labels that hold across the whole file, as if it had been analysed in one piece.
 *
 * <p>The same rule as {@link EmbeddingSpeakerCounter#count} on the windows of all chunks together
 * ({@link WindowClustering}: average linkage on cosine similarity, cut at the calibrated threshold or where the
 * hints say, unless the model names the spectral rule), small clusters joined to
 * the nearest voice, each speech frame taking the voice of its chunk's window centred nearest to it. Two
 * differences, both for long files:
 * <ul>
 *   <li><b>Bounded work.</b> Average linkage is O(n²) in memory and time. Up to
 *       {@link EmbeddingSpeakerCounter#MAX_WINDOWS} windows are clustered one by one, as the synchronous route
 *       clusters them. Beyond that, each chunk's windows are first clustered on their own (the same average
 *       linkage, at most 800 windows at the default chunk) down to the chunk's share of the cap, and those
 *       sub-clusters are clustered together. A sub-cluster enters as the mean of its unit vectors, weighted by its
 *       windows, which keeps every similarity between clusters exactly the average pairwise similarity of their
 *       windows ({@link AverageLinkage}); the only approximation is that a sub-cluster is never split. Within a
 *       chunk the most similar windows are joined first, so a sub-cluster holds one voice as long as a chunk has
 *       fewer voices than its share (50 at 4 hours of speech in 24 chunks). Joining fixed runs of neighbouring
 *       windows instead was tried first and failed: at 4 hours a run spans 12 s, longer than many turns, and a run
 *       that mixes voices takes one voice or forms a cluster of its own (3 voices with 10 s turns were found as 3
 *       or 4 with a fifth of the turns lost; docs/BENCHMARKS.md).
 *       Stretching the hop, as the synchronous route does past 15 minutes of speech, would need the chunks to know
 *       the whole file's length before they run.</li>
 *   <li><b>No boundary refinement.</b> {@link TurnBoundaries} embeds short windows around each turn change,
 *       which needs the speech samples; those are not kept across chunks (4 hours would be 900 MB), so a turn
 *       change is placed to half a hop (0.375 s) rather than a quarter second.</li>
 * </ul>
 * A chunk with too little speech to embed (under {@link EmbeddingSpeakerCounter#MIN_SPEECH_SECONDS}) gives its
 * speech frames to the voice of the nearest window before it (after it, for the first chunks).
 */
final class FileClustering {

  private static final int HOP = io.audioinsight.audio.Spectrogram.HOP;

  private FileClustering() {}

  /**
   * @param chunks      the chunks' embeddings, in file order
   * @param firstFrames each chunk's first spectrogram frame (10 ms) in file time
   * @param name        the engine's name, for the result
   */
  static SpeakerResult cluster(List<ChunkEmbeddings> chunks, long[] firstFrames, CountingParameters counting,
                               SpeakerHints hints, String name, Cancellation cancellation) {
    int speechFrames = 0;
    int windows = 0;
    for (ChunkEmbeddings c : chunks) {
      speechFrames += c.speechFrames.length;
      windows += c.embeddings.length;
    }
    if (speechFrames * io.audioinsight.audio.Spectrogram.FRAME_SECONDS < EmbeddingSpeakerCounter.MIN_SPEECH_SECONDS) {
      return new SpeakerResult(0, List.of(), List.of(), name);
    }
    int[] frames = new int[speechFrames];
    int at = 0;
    for (int i = 0; i < chunks.size(); i++) {
      for (int f : chunks.get(i).speechFrames) {
        frames[at++] = Math.toIntExact(firstFrames[i] + f);
      }
    }
    if (windows == 0) {
      // speech in every chunk, but never enough in one to compare voices: one voice
      return EmbeddingTurns.result(frames, new int[speechFrames], name);
    }
    float[][] all = new float[windows][];
    int w0 = 0;
    for (ChunkEmbeddings c : chunks) {
      System.arraycopy(c.embeddings, 0, all, w0, c.embeddings.length);
      w0 += c.embeddings.length;
    }
    int[] voiceOfWindow = windows <= EmbeddingSpeakerCounter.MAX_WINDOWS
        ? WindowClustering.voices(all, counting, hints, cancellation)
        : subClusteredVoices(chunks, all, counting, hints, cancellation);
    double[][] centroids = EmbeddingSpeakerCounter.centroids(all, voiceOfWindow);
    EmbeddingSpeakerCounter.assignUncounted(all, voiceOfWindow, centroids);
    return EmbeddingTurns.result(frames, voiceOfFrames(chunks, voiceOfWindow), name);
  }

  /**
   * Past the cap: each chunk's windows are first clustered on their own (the same average linkage) down to its
   * share of the cap, {@code MAX_WINDOWS} × its windows / all windows; those sub-clusters, as weighted means, are
   * then clustered together. Each window gets its sub-cluster's voice. A chunk's tree was built in its own task
   * ({@link ChunkEmbeddings#tree}); here it is only cut.
   */
  private static int[] subClusteredVoices(List<ChunkEmbeddings> chunks, float[][] all, CountingParameters counting,
                                          SpeakerHints hints, Cancellation cancellation) {
    List<float[]> means = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    int[] groupOfWindow = new int[all.length];
    int w0 = 0;
    int dim = all[0].length;
    for (ChunkEmbeddings c : chunks) {
      int n = c.embeddings.length;
      if (n == 0) {
        continue;
      }
      int share = (int) Math.max(1, (long) EmbeddingSpeakerCounter.MAX_WINDOWS * n / all.length);
      int[] label;
      if (n <= share) {
        label = new int[n];
        for (int i = 0; i < n; i++) {
          label[i] = i;
        }
      } else {
        Dendrogram tree = c.tree != null ? c.tree : AverageLinkage.cluster(c.embeddings, cancellation);
        label = tree.labelsAfter(n - share);
      }
      int[] groupOfLabel = new int[n];
      java.util.Arrays.fill(groupOfLabel, -1);
      int firstGroup = means.size();
      for (int i = 0; i < n; i++) {
        if (groupOfLabel[label[i]] < 0) {
          groupOfLabel[label[i]] = means.size();
          means.add(new float[dim]);
          sizes.add(0);
        }
        int g = groupOfLabel[label[i]];
        groupOfWindow[w0 + i] = g;
        sizes.set(g, sizes.get(g) + 1);
        float[] m = means.get(g);
        for (int d = 0; d < dim; d++) {
          m[d] += c.embeddings[i][d];
        }
      }
      for (int g = firstGroup; g < means.size(); g++) {
        float[] m = means.get(g);
        for (int d = 0; d < dim; d++) {
          m[d] /= sizes.get(g);
        }
      }
      w0 += n;
    }
    int[] size = sizes.stream().mapToInt(Integer::intValue).toArray();
    // whatever the rule, the per-chunk sub-clusters above are average linkage; the spectral rules then take the
    // sub-clusters' means as points (their affinity ranks neighbours; the weights count only for min_frac)
    int[] voiceOfGroup = WindowClustering.voices(means.toArray(new float[0][]), size, counting, hints,
        cancellation);
    int[] voiceOfWindow = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      voiceOfWindow[i] = voiceOfGroup[groupOfWindow[i]];
    }
    return voiceOfWindow;
  }

  /** Each speech frame's voice: its chunk's nearest window's, or for a chunk without windows a neighbour's. */
  private static int[] voiceOfFrames(List<ChunkEmbeddings> chunks, int[] voiceOfWindow) {
    int total = 0;
    for (ChunkEmbeddings c : chunks) {
      total += c.speechFrames.length;
    }
    int[] voice = new int[total];
    int firstVoice = -1;
    for (ChunkEmbeddings c : chunks) {
      if (c.windows != null) {
        firstVoice = voiceOfWindow[0];
        break;
      }
    }
    int previous = firstVoice; // the voice of the last window seen, for chunks without windows
    int p0 = 0;
    int w0 = 0;
    for (ChunkEmbeddings c : chunks) {
      for (int p = 0; p < c.speechFrames.length; p++) {
        voice[p0 + p] = c.windows == null ? previous : voiceOfWindow[w0 + c.windows.nearest(p * HOP + HOP / 2)];
      }
      if (c.windows != null) {
        w0 += c.embeddings.length;
        previous = voiceOfWindow[w0 - 1];
      }
      p0 += c.speechFrames.length;
    }
    return voice;
  }
}
