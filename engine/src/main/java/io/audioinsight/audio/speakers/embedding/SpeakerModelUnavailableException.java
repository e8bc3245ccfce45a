package io.audioinsight.audio.speakers.embedding;

/**
 * The speaker-embedding model cannot be used: missing, failing its checksum, not the expected network, its
 * counting parameters unreadable, or ONNX Runtime unable to load here. The message says which and where.
 */
public final class SpeakerModelUnavailableException extends RuntimeException {

  private final boolean absent;

  private SpeakerModelUnavailableException(String message, Throwable cause, boolean absent) {
    super(message, cause);
    this.absent = absent;
  }

  /** A file is there but corrupted or wrong. */
  static SpeakerModelUnavailableException corrupted(String message) {
    return new SpeakerModelUnavailableException(message, null, false);
  }

  /** A file is there but corrupted or wrong, as {@code cause} found. */
  static SpeakerModelUnavailableException corrupted(String message, Throwable cause) {
    return new SpeakerModelUnavailableException(message, cause, false);
  }

  /** The model is not there, or ONNX Runtime cannot run on this platform. */
  static SpeakerModelUnavailableException absent(String message, Throwable cause) {
    return new SpeakerModelUnavailableException(message, cause, true);
  }

  /**
   * True when the model is simply not there or cannot run on this platform (then {@code speakers.engine=auto}
   * falls back to the classic counter), false when a file is present but corrupted or wrong (always refused).
   */
  public boolean absent() {
    return absent;
  }
}
