package io.audioinsight.audio.speakers.embedding;

/**
 * What one chunk of a long file leaves for the clustering of the whole file ({@link FileClustering}): its speech
 * frames and the embeddings of the windows over its joined speech. About 0.7 KB per second of speech (one
 * 128-float embedding per 0.75 s hop, one int per 10 ms speech frame, and the windows' tree: 28 bytes per window),
 * so a 4-hour file keeps about 10 MB.
 * Immutable once built; the arrays are not copied, so nothing may write to them.
 */
public final class ChunkEmbeddings {

  /** Spectrogram frame (10 ms) of each speech frame, chunk time, increasing. */
  final int[] speechFrames;
  /** The windows over the chunk's joined speech; null when the chunk has too little speech to embed. */
  final Windows windows;
  /** One unit vector per window; empty without windows. */
  final float[][] embeddings;
  /**
   * The average-linkage tree of this chunk's windows alone, built in the chunk's own task (null: none built): the
   * join of a long file cuts it rather than build it, so the O(n²) part of its clustering runs on the pool in
   * parallel with the other chunks instead of in the one serial task at the end ({@link FileClustering}).
   */
  final Dendrogram tree;
  /** The power sums that say whether the chunk's joined speech is narrowband ({@link SpeechBand}). */
  final SpeechBand.Sums band;

  ChunkEmbeddings(int[] speechFrames, Windows windows, float[][] embeddings) {
    this(speechFrames, windows, embeddings, null, SpeechBand.Sums.NONE);
  }

  /**
   * False for a chunk that kept only its speech frames: its file's speakers are counted at the join from the
   * whole file's speech ({@link EmbeddingSpeakerCounter#fitsOneClustering}).
   */
  final boolean embedded;

  ChunkEmbeddings(int[] speechFrames, Windows windows, float[][] embeddings, Dendrogram tree,
                  SpeechBand.Sums band) {
    this(speechFrames, windows, embeddings, tree, band, true);
  }

  private ChunkEmbeddings(int[] speechFrames, Windows windows, float[][] embeddings, Dendrogram tree,
                          SpeechBand.Sums band, boolean embedded) {
    this.speechFrames = speechFrames;
    this.windows = windows;
    this.embeddings = embeddings;
    this.tree = tree;
    this.band = band;
    this.embedded = embedded;
  }

  /** Speech frames only, nothing embedded (the join measures the band on the whole file's joined speech). */
  static ChunkEmbeddings speechOnly(int[] speechFrames) {
    return new ChunkEmbeddings(speechFrames, null, new float[0][], null, SpeechBand.Sums.NONE, false);
  }

  /** Speech frames (10 ms) in the chunk. */
  public int speechFrameCount() {
    return speechFrames.length;
  }

  /** Embedded windows in the chunk. */
  public int windowCount() {
    return embeddings.length;
  }

  /** A copy of window {@code w}'s unit embedding (for tools that study the clustering offline). */
  public float[] embedding(int w) {
    return embeddings[w].clone();
  }
}
