package io.audioinsight.config;

/**
 * The speaker counter: {@code engine} is auto, embedding or classic; {@code model} the speaker-embedding
 * model's .onnx file, or empty for the copy inside the jar.
 */
public record SpeakersConfig(String engine, String model) {

  /** The defaults: auto, with the jar's model. */
  public static SpeakersConfig defaults() {
    return new SpeakersConfig("auto", "");
  }
}
