package io.audioinsight.eval;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.vad.DspVad;
import java.util.List;

/** The analyzers {@code scripts/eval.sh --engine NAME} can evaluate. */
public final class EngineFactory {

  public static final List<String> NAMES = List.of("dsp", "silero");

  private EngineFactory() {}

  public static Analyzer create(String name) {
    switch (name) {
      case "dsp":
        return new AudioAnalyzer(new DspVad());
      case "silero":
        throw new IllegalArgumentException("engine 'silero' is not in this build yet");
      default:
        throw new IllegalArgumentException("unknown engine '" + name + "', expected one of " + NAMES);
    }
  }
}
