package io.audioinsight.app;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Engines;
import io.audioinsight.audio.SpeakerEngines;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.silero.SileroModelUnavailableException;
import io.audioinsight.audio.speakers.embedding.SpeakerModelUnavailableException;
import io.audioinsight.config.ConfigException;
import io.audioinsight.config.SpeakersConfig;
import io.audioinsight.config.VadConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine that {@code vad.engine} and {@code speakers.engine} name, with the engine's refusals turned into
 * start-up config errors.
 */
final class ConfiguredEngine {

  private ConfiguredEngine() {}

  /** With the default speaker counter ({@code speakers.engine=auto}, the jar's model). */
  static Analyzer create(VadConfig vad) {
    return create(vad, SpeakersConfig.defaults());
  }

  static Analyzer create(VadConfig vad, SpeakersConfig speakers) {
    VadEngines.Engine vadEngine;
    SpeakerEngines.Engine speakerEngine;
    try {
      vadEngine = VadEngines.Engine.parse(vad.engine());
      speakerEngine = SpeakerEngines.Engine.parse(speakers.engine());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key " + e.getMessage());
    }
    Optional<Path> model = speakers.model().isBlank() ? Optional.empty() : Optional.of(Path.of(speakers.model()));
    try {
      return Engines.create(vadEngine, speakerEngine, model);
    } catch (SileroModelUnavailableException e) {
      throw new ConfigException("config key vad.engine=silero: " + e.getMessage());
    } catch (SpeakerModelUnavailableException e) {
      throw new ConfigException("config key speakers.engine=" + speakerEngine.configValue()
          + model.map(m -> ", speakers.model=" + m).orElse("") + ": " + e.getMessage());
    }
  }
}
