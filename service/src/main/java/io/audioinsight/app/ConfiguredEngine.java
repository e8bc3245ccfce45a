package io.audioinsight.app;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Engines;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.silero.SileroModelUnavailableException;
import io.audioinsight.config.ConfigException;
import io.audioinsight.config.VadConfig;

/** The engine that {@code vad.engine} names, with the engine's refusals turned into start-up config errors. */
final class ConfiguredEngine {

  private ConfiguredEngine() {}

  static Analyzer create(VadConfig vad) {
    VadEngines.Engine engine;
    try {
      engine = VadEngines.Engine.parse(vad.engine());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key " + e.getMessage());
    }
    try {
      return Engines.create(engine);
    } catch (SileroModelUnavailableException e) {
      throw new ConfigException("config key vad.engine=silero: " + e.getMessage());
    }
  }
}
