package io.audioinsight.audio;

import io.audioinsight.audio.silero.SileroModelUnavailableException;
import io.audioinsight.audio.speakers.embedding.SpeakerModelUnavailableException;
import io.audioinsight.audio.vad.DspVad;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * THE place where an {@link Analyzer} is built for a voice activity engine: {@code auto} (Silero when the build
 * packed its model, else DSP), {@code silero} or {@code dsp}. The service, the evaluation, the benchmarks and
 * the end-to-end tests all get their engine here. Call it off any event loop: choosing Silero reads the model
 * and opens the ONNX session.
 */
public final class Engines {

  private static final Logger LOG = Logger.getLogger(Engines.class.getName());

  private Engines() {}

  /**
   * The analyzer for {@code engine} with the default speaker counter ({@code speakers.engine=auto}, the jar's
   * model), logging which were chosen and why.
   *
   * @throws SileroModelUnavailableException when {@code silero} is asked for and the model is missing or corrupt
   */
  public static Analyzer create(VadEngines.Engine engine) {
    return create(engine, SpeakerEngines.Engine.AUTO, Optional.empty());
  }

  /**
   * The analyzer for a VAD engine and a speaker counter, logging which were chosen and why; the embedding
   * model is run once so the first request does not pay for its initialisation.
   *
   * @param speakerModel the speaker-embedding model's .onnx file, or empty for the copy inside the jar
   * @throws SileroModelUnavailableException  when {@code silero} is asked for and its model is missing or corrupt
   * @throws SpeakerModelUnavailableException when {@code embedding} is asked for and its model is missing, or a
   *                                          speaker model file is corrupt
   */
  public static Analyzer create(VadEngines.Engine vadEngine, SpeakerEngines.Engine speakerEngine,
                                Optional<Path> speakerModel) {
    SpeakerEngines.Selection speakers = SpeakerEngines.select(speakerEngine, speakerModel);
    VadEngines.Selection vad = VadEngines.select(vadEngine, Optional.empty());
    LOG.info(vad.explanation());
    LOG.info(speakers.explanation());
    speakers.warmUp();
    return new AudioAnalyzer(vad.vad(), speakers.counter());
  }

  /**
   * The analyzer for a VAD engine named as in {@code vad.engine} ({@code auto}, {@code silero}, {@code dsp}).
   *
   * @throws IllegalArgumentException for another name, with a message listing the allowed ones
   */
  public static Analyzer byName(String name) {
    return create(VadEngines.Engine.parse(name));
  }

  /** The engine {@code vad.engine=auto} selects. */
  public static Analyzer defaultEngine() {
    return create(VadEngines.Engine.AUTO);
  }

  /**
   * The DSP engine, whatever the build holds. The end-to-end tests use it because their generated signals
   * are harmonic tones that the DSP detector calls speech and a neural VAD rightly does not.
   */
  public static Analyzer dsp() {
    return new AudioAnalyzer(new DspVad());
  }
}
