package io.audioinsight.audio;

import io.audioinsight.audio.snr.SnrSums;
import io.audioinsight.audio.speakers.embedding.ChunkEmbeddings;

/**
 * The analysis of one chunk of a long file ({@link Analyzer#analyzeChunk}), with what the whole file's answer is
 * built from besides the chunk's own result.
 *
 * @param result     the chunk's result; its {@code speakers} is null when {@code embeddings} replace it
 * @param snrSums    the chunk's SNR sums, to be pooled over the file ({@link SnrSums#concat}); null when the
 *                   operation asks for no SNR or the analyzer keeps no sums
 * @param embeddings the chunk's speaker window embeddings, to be clustered over the file
 *                   ({@link Analyzer#speakersAcross}); null when the operation asks for no speakers or the speaker
 *                   engine clusters per chunk only (classic)
 * @param vadCarry   what the next chunk's voice activity can go on from instead of running over context
 *                   ({@link ChunkSpan#vadCarry}); null where the engine has none
 * @param usedCarry  whether this chunk went on from {@link ChunkSpan#vadCarry} rather than running over its context
 */
public record ChunkAnalysis(AnalysisResult result, SnrSums snrSums, ChunkEmbeddings embeddings, VadCarry vadCarry,
                            boolean usedCarry) {

  public ChunkAnalysis(AnalysisResult result, SnrSums snrSums, ChunkEmbeddings embeddings) {
    this(result, snrSums, embeddings, null, false);
  }
}
