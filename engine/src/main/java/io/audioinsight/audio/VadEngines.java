package io.audioinsight.audio;

import io.audioinsight.audio.silero.SileroModel;
import io.audioinsight.audio.silero.SileroModelUnavailableException;
import io.audioinsight.audio.silero.SileroVad;
import io.audioinsight.audio.vad.DspVad;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Chooses the voice activity engine at start-up from {@code vad.engine}: {@code auto} (Silero when its model
 * is present and valid, else DSP), {@code silero} (the model is required; missing or corrupted stops
 * start-up with a message saying how to get it) or {@code dsp}.
 *
 * <p>The Silero model comes from {@code modelFile} when given, else from the copy the build packs into the
 * jar ({@link SileroModel#CLASSPATH_RESOURCE}). Loading, checksum and session creation happen here, once.
 */
public final class VadEngines {

  private VadEngines() {}

  /** The values of {@code vad.engine}. */
  public enum Engine {
    AUTO, SILERO, DSP;

    /** Parses a config value; the message names the key and the allowed values. */
    public static Engine parse(String value) {
      if (value != null) {
        for (Engine e : values()) {
          if (e.name().equalsIgnoreCase(value.trim())) {
            return e;
          }
        }
      }
      throw new IllegalArgumentException("vad.engine must be one of auto, silero, dsp; got '" + value + "'");
    }

    public String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The engine in use and one line saying why, for the start-up log. Close it at shutdown (it frees the
   * ONNX Runtime session when Silero is in use).
   */
  public record Selection(VoiceActivityDetector vad, String explanation) implements AutoCloseable {

    /** Runs the engine once on a second of generated audio, so readiness means the first request is fast. */
    public void warmUp() {
      SplittableRandom random = new SplittableRandom(11);
      float[] audio = new float[Spectrogram.SAMPLE_RATE];
      for (int i = 0; i < audio.length; i++) {
        audio[i] = (float) (0.05 * Math.sin(2 * Math.PI * 220 * i / Spectrogram.SAMPLE_RATE)
            + 0.01 * (random.nextDouble() - 0.5));
      }
      vad.speechProbabilities(audio, Spectrogram.of(audio, Cancellation.NONE), AnalysisParams.DEFAULT_VAD_HOP_SIZE,
          Cancellation.NONE);
    }

    @Override
    public void close() {
      if (vad instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception ignored) {
          // shutting down
        }
      }
    }
  }

  /**
   * Selects the engine, with {@link DspVad} as the DSP engine. This is what the service calls at start-up
   * (off the event loop: it reads the model and creates the ONNX Runtime session).
   *
   * @param engine    the configured engine
   * @param modelFile the Silero model file, or empty for the copy inside the jar
   * @throws SileroModelUnavailableException for {@link Engine#SILERO} when the model is missing or unusable
   */
  public static Selection select(Engine engine, Optional<Path> modelFile) {
    return select(engine, modelFile, DspVad::new);
  }

  /**
   * Selects the engine.
   *
   * @param engine    the configured engine
   * @param modelFile the Silero model file, or empty for the copy inside the jar
   * @param dsp       makes the DSP engine
   * @throws SileroModelUnavailableException for {@link Engine#SILERO} when the model is missing or unusable
   */
  public static Selection select(Engine engine, Optional<Path> modelFile, Supplier<VoiceActivityDetector> dsp) {
    switch (engine) {
      case DSP:
        return new Selection(dsp.get(), "vad.engine=dsp: using the DSP engine");
      case SILERO:
        return new Selection(new SileroVad(loadSilero(modelFile)),
            "vad.engine=silero: using Silero VAD from " + describe(modelFile));
      case AUTO:
      default:
        try {
          return new Selection(new SileroVad(loadSilero(modelFile)),
              "vad.engine=auto: Silero VAD model found (" + describe(modelFile) + "), using silero");
        } catch (SileroModelUnavailableException e) {
          return new Selection(dsp.get(), "vad.engine=auto: using dsp because " + e.getMessage());
        }
    }
  }

  private static SileroModel loadSilero(Optional<Path> modelFile) {
    if (modelFile.isPresent()) {
      return SileroModel.load(modelFile.get());
    }
    return SileroModel.fromClasspath().orElseThrow(() -> new SileroModelUnavailableException(
        "the Silero VAD model is not in this build (the build could not fetch it). "
            + SileroModelUnavailableException.HOW_TO_GET));
  }

  private static String describe(Optional<Path> modelFile) {
    return modelFile.map(Path::toString).orElse("the jar, " + SileroModel.CLASSPATH_RESOURCE);
  }
}
