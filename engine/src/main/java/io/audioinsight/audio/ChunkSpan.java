package io.audioinsight.audio;

/**
 * Which part of a chunk's audio a long file's chunk reports ({@link Analyzer#analyzeChunk(byte[], AnalysisParams,
 * ChunkSpan, Cancellation)}): the audio before {@code fromSeconds} and after {@code toSeconds} is context, analysed
 * so that the stages that carry state through a file start the reported part as the whole file's analysis does,
 * but not reported.
 *
 * @param fromSeconds  where the reported part starts in the chunk's audio
 * @param toSeconds    where it ends
 * @param embedSpeakers whether the chunk embeds its speaker windows (false: it keeps only its speech frames, and the
 *                      speakers are counted at the join over the whole file's speech,
 *                      {@link Analyzer#countsSpeakersAtJoin})
 * @param fileMean      the whole file's mean (its 16 kHz samples'), taken out before the spectral stages as the
 *                      whole file's analysis takes it out; NaN: the chunk takes out its own
 * @param vadCarry      the previous chunk's {@link ChunkAnalysis#vadCarry}, taken at this chunk's
 *                      {@code fromSeconds}: the voice activity network then starts there in the whole file's state and
 *                      does not run over the context; null: it runs over the context
 */
public record ChunkSpan(double fromSeconds, double toSeconds, boolean embedSpeakers, double fileMean,
                        VadCarry vadCarry) {

  public ChunkSpan {
    if (!(fromSeconds >= 0 && toSeconds >= fromSeconds)) {
      throw new IllegalArgumentException("bad chunk span " + fromSeconds + ".." + toSeconds);
    }
  }

  public ChunkSpan(double fromSeconds, double toSeconds, boolean embedSpeakers, double fileMean) {
    this(fromSeconds, toSeconds, embedSpeakers, fileMean, null);
  }
}
