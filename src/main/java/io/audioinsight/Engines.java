package io.audioinsight;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.config.ConfigException;
import io.audioinsight.config.VadConfig;

/**
 * THE place where the engine is chosen from {@code vad.engine}; {@code auto} means the best engine in this
 * build. App, the benchmarks and the end-to-end tests all get their engine here.
 */
public final class Engines {

  private Engines() {}

  public static Analyzer create(VadConfig vad) {
    return switch (vad.engine()) {
      case "silero" -> throw new ConfigException(
          "config key vad.engine: the silero engine is not available in this build; use dsp or auto");
      default -> dsp();
    };
  }

  /** The engine {@code vad.engine=auto} selects. */
  public static Analyzer defaultEngine() {
    return create(new VadConfig("auto", 512, 0.5));
  }

  private static Analyzer dsp() {
    return new AudioAnalyzer(new DspVad());
  }
}
