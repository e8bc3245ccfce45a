package io.audioinsight.audio;

import io.audioinsight.audio.speakers.SpeakerCounter;
import io.audioinsight.audio.speakers.embedding.EmbeddingSpeakerCounter;
import io.audioinsight.audio.speakers.embedding.SpeakerEmbeddingModel;
import io.audioinsight.audio.speakers.embedding.SpeakerModelUnavailableException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the speaker counter at start-up from {@code speakers.engine}: {@code auto} (the learned embedding
 * when its model is in the build or at {@code speakers.model}, else the classic counter), {@code embedding}
 * (the model is required) or {@code classic} (MFCC statistics and ΔBIC). A model file that is present but
 * corrupted (checksum, format, counting parameters) stops start-up under {@code auto} too: falling back
 * silently would hide a broken deployment. Loading, checksum and session creation happen here, once.
 */
public final class SpeakerEngines {

  private SpeakerEngines() {}

  /** The values of {@code speakers.engine}. */
  public enum Engine {
    AUTO, EMBEDDING, CLASSIC;

    /** Parses a config value; the message names the key and the allowed values. */
    public static Engine parse(String value) {
      if (value != null) {
        for (Engine e : values()) {
          if (e.name().equalsIgnoreCase(value.trim())) {
            return e;
          }
        }
      }
      throw new IllegalArgumentException("speakers.engine must be one of auto, embedding, classic; got '" + value + "'");
    }

    public String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The counter in use and one line saying why, for the start-up log. Close it at shutdown. */
  public record Selection(SpeakerCounting counter, Optional<SpeakerEmbeddingModel> model, String explanation)
      implements AutoCloseable {

    /** Runs the model once, so readiness means the first request is fast. */
    public void warmUp() {
      model.ifPresent(SpeakerEmbeddingModel::warmUp);
    }

    @Override
    public void close() {
      model.ifPresent(SpeakerEmbeddingModel::close);
    }
  }

  /**
   * Selects the counter.
   *
   * @param engine    the configured engine
   * @param modelFile the model's .onnx file (its .onnx.sha256 and .json beside it), or empty for the jar's copy
   * @throws SpeakerModelUnavailableException for {@link Engine#EMBEDDING} when the model is missing or unusable,
   *                                          and for any engine but classic when a model file is corrupted
   */
  public static Selection select(Engine engine, Optional<Path> modelFile) {
    if (engine == Engine.CLASSIC) {
      return new Selection(new SpeakerCounter(), Optional.empty(), "speakers.engine=classic: MFCC + ΔBIC counter");
    }
    SpeakerEmbeddingModel model;
    try {
      model = modelFile.map(SpeakerEmbeddingModel::load).orElseGet(SpeakerEmbeddingModel::fromClasspath);
    } catch (SpeakerModelUnavailableException e) {
      // only a model that is simply not in the build (or a platform without ONNX Runtime) lets auto fall back
      if (engine == Engine.AUTO && e.absent() && modelFile.isEmpty()) {
        return new Selection(new SpeakerCounter(), Optional.empty(),
            "speakers.engine=auto: using the classic counter because " + e.getMessage());
      }
      throw e;
    }
    CountingParametersLine line = new CountingParametersLine(model);
    return new Selection(new EmbeddingSpeakerCounter(model), Optional.of(model),
        "speakers.engine=" + engine.configValue() + ": speaker embedding from " + model.origin() + " (" + line + ")");
  }

  /** The counting parameters, as the start-up log shows them. */
  private record CountingParametersLine(SpeakerEmbeddingModel model) {
    @Override
    public String toString() {
      var c = model.counting();
      return String.format(Locale.ROOT,
          "clustering %s, threshold %.3f (narrowband speech %.3f), min_frac %.2f, windows %.2f s every %.2f s%s",
          c.clustering().jsonValue(), c.threshold(), c.narrowbandThreshold(), c.minFrac(), c.windowS(), c.hopS(),
          c.turnChangeLevel() > 0
              ? String.format(Locale.ROOT, " between turn changes over %.2f (wideband speech)", c.turnChangeLevel())
              : "");
    }
  }
}
