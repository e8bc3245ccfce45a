package io.audioinsight.audio;

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

  /** The speaker counter in use, reported as {@code speaker_engine}: "embedding" or "classic". */
  default String speakerEngine() {
    return "classic";
  }
}
