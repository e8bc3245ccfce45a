package io.audioinsight.audio;

/**
 * Input that the engine cannot or will not analyse. The kind says which; the service maps kinds to
 * HTTP statuses (see {@link Kind#httpStatus()}). The message is for humans and never echoes input bytes.
 */
public final class AudioFormatException extends RuntimeException {

  public enum Kind {
    /** Not a RIFF/WAVE file at all (from {@code WavDecoder} called on its own). */
    NOT_WAV(400),
    /** Content none of the supported formats: the format sniffer recognised nothing. */
    UNSUPPORTED_FORMAT(415),
    /** A compressed stream (FLAC, MP3, Ogg, WebM, MP4) that its decoder cannot read: cut short or damaged. */
    CORRUPT(400),
    /** The header ends before it is complete. */
    TRUNCATED(400),
    /** No fmt or no data chunk. */
    MISSING_CHUNK(400),
    /** The header's numbers contradict each other or are out of range (zero channels, bad block align, ...). */
    INVALID_FORMAT(400),
    /** A WAV encoding we do not decode (ADPCM, MP3-in-WAV, ...). */
    UNSUPPORTED_ENCODING(415),
    /** Longer than the caller's limit: WAV from its byte count before samples are allocated, compressed formats as
     *  soon as the decoded output passes the limit. */
    TOO_LONG(413);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status the service answers this kind with. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Kind kind;

  public AudioFormatException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
