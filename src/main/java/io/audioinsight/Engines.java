package io.audioinsight;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.silero.SileroModelUnavailableException;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.config.ConfigException;
import io.audioinsight.config.VadConfig;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * THE place where the engine is chosen from {@code vad.engine}: {@code auto} (Silero when the build packed
 * its model, else DSP), {@code silero} or {@code dsp}. App, the benchmarks and the end-to-end tests all get
 * their engine here. Call it off the event loop: choosing Silero reads the model and opens the ONNX session.
 */
public final class Engines {

  private static final Logger LOG = Logger.getLogger(Engines.class.getName());

  private Engines() {}

  public static Analyzer create(VadConfig vad) {
    VadEngines.Engine engine;
    try {
      engine = VadEngines.Engine.parse(vad.engine());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key " + e.getMessage());
    }
    try {
      VadEngines.Selection selection = VadEngines.select(engine, Optional.empty());
      LOG.info(selection.explanation());
      return new AudioAnalyzer(selection.vad());
    } catch (SileroModelUnavailableException e) {
      throw new ConfigException("config key vad.engine=silero: " + e.getMessage());
    }
  }

  /** The engine {@code vad.engine=auto} selects. */
  public static Analyzer defaultEngine() {
    return create(new VadConfig("auto", 512, 0.5));
  }

  /**
   * The DSP engine, whatever the build holds. The end-to-end tests use it because their generated signals
   * are harmonic tones that the DSP detector calls speech and a neural VAD rightly does not.
   */
  public static Analyzer dsp() {
    return new AudioAnalyzer(new DspVad());
  }
}
