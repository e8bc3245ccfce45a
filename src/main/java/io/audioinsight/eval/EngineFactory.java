package io.audioinsight.eval;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.vad.DspVad;
import java.util.List;
import java.util.Optional;

/** The analyzers {@code scripts/eval.sh --engine NAME} can evaluate. */
public final class EngineFactory {

  public static final List<String> NAMES = List.of("dsp", "silero");

  private EngineFactory() {}

  public static Analyzer create(String name) {
    switch (name) {
      case "dsp":
        return new AudioAnalyzer(new DspVad());
      case "silero":
        // Throws SileroModelUnavailableException (with how to get the model) when the jar lacks it.
        return new AudioAnalyzer(VadEngines.select(VadEngines.Engine.SILERO, Optional.empty()).vad());
      default:
        throw new IllegalArgumentException("unknown engine '" + name + "', expected one of " + NAMES);
    }
  }
}
