package io.audioinsight;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.config.ConfigException;

/** Builds the engines this build contains. */
final class EngineFactory {

  private EngineFactory() {}

  /** TEMPORARY until branch dsp lands: the engine is not on this branch yet. */
  static Analyzer dsp() {
    throw new ConfigException("config key vad.engine: the dsp engine is not available in this build yet");
  }
}
