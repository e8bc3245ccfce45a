package io.audioinsight.audio;

import io.audioinsight.audio.speakers.embedding.ChunkEmbeddings;
import java.util.List;

/**
 * The engine's single entry point: audio bytes (WAV, FLAC, MP3, Ogg, WebM, MP4; sniffed) in, an immutable {@link AnalysisResult} out.
 *
 * <p>Implementations are thread-safe and hold no per-request state between calls. They throw only
 * {@link AudioFormatException} (bad input) and {@link AnalysisCancelledException} (cancelled);
 * anything else is a bug.
 */
public interface Analyzer {

  AnalysisResult analyze(byte[] audio, AnalysisParams params, Cancellation cancellation);

  /** The name of the voice activity engine in use, reported as {@code vad_engine}: "dsp" or "silero". */
  String vadEngine();

  /** The voice activity engine itself, for live streams; empty for an analyzer built without one. */
  default java.util.Optional<VoiceActivityDetector> voiceActivityDetector() {
    return java.util.Optional.empty();
  }

  /**
   * One chunk of a long file: {@link #analyze} plus what the whole file's answer is pooled from. With
   * {@code wholeFile} (the chunk is the whole file) the result is exactly {@link #analyze}'s. Otherwise a speaker
   * engine that clusters across chunks returns the chunk's embeddings instead of counting its speakers. This
   * default keeps nothing beyond the result.
   */
  default ChunkAnalysis analyzeChunk(byte[] audio, AnalysisParams params, boolean wholeFile,
                                     Cancellation cancellation) {
    return new ChunkAnalysis(analyze(audio, params, cancellation), null, null);
  }

  /**
   * One chunk of a long file with context around the part it reports ({@link ChunkSpan}); only analyzers that
   * {@link #takesContext} support a span other than the whole audio. This default analyses the whole audio.
   */
  default ChunkAnalysis analyzeChunk(byte[] audio, AnalysisParams params, ChunkSpan span, Cancellation cancellation) {
    return analyzeChunk(audio, params, false, cancellation);
  }

  /** Whether {@link #analyzeChunk(byte[], AnalysisParams, ChunkSpan, Cancellation)} honours context. */
  default boolean takesContext() {
    return false;
  }

  /**
   * Whether chunks of a long file taken in order can hand the voice activity network's state on
   * ({@link ChunkAnalysis#vadCarry}, {@link ChunkSpan#vadCarry}), so that only the first chunk of a run of
   * consecutive chunks runs it over context. False by default (no neural network, or no state to carry).
   */
  default boolean carriesVadState() {
    return false;
  }

  /**
   * Whether a file of {@code seconds} has few enough speaker windows, however much of it is speech, that its
   * speakers are counted at the join exactly as the synchronous route counts them, from the whole file's speech
   * (its chunks then embed nothing: {@link ChunkSpan#embedSpeakers}).
   */
  default boolean countsSpeakersAtJoin(double seconds) {
    return false;
  }

  /**
   * As {@link #speakersAcross(List, long[], SpeakerHints, Cancellation)}; chunks that kept only their speech frames
   * ({@link ChunkSpan#embedSpeakers} false) are counted from {@code samples}, the whole file's speech joined, as the
   * synchronous route counts them.
   */
  default SpeakerResult speakersAcross(List<ChunkEmbeddings> chunks, long[] firstFrames, SpeakerHints hints,
                                       ChunkSamples samples, Cancellation cancellation) {
    return speakersAcross(chunks, firstFrames, hints, cancellation);
  }

  /**
   * The speakers of a file from its chunks' embeddings ({@link ChunkAnalysis#embeddings}, all non-null), in file
   * time. Only analyzers whose {@link #analyzeChunk} returns embeddings support it.
   *
   * @param firstFrames each chunk's first spectrogram frame (10 ms) in the file
   */
  default SpeakerResult speakersAcross(List<ChunkEmbeddings> chunks,
                                       long[] firstFrames, SpeakerHints hints, Cancellation cancellation) {
    throw new UnsupportedOperationException("this analyzer returns no chunk embeddings");
  }

  /** The speaker counter in use, reported as {@code speaker_engine}: "embedding" or "classic". */
  default String speakerEngine() {
    return "classic";
  }
}
