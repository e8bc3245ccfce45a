package io.audioinsight.stream;

/**
 * Why a stream is closed: the WebSocket close code and a reason that names the problem. Thrown where the problem is
 * found and turned into the close frame by {@link StreamSession}. Reasons are kept under the 123 bytes a close frame
 * allows.
 */
final class StreamClose extends RuntimeException {

  /** The client sent a kind of message the protocol does not take here (binary before start, unknown text). */
  static final short UNSUPPORTED_DATA = 1003;
  /** A message's content is invalid (bad start message, a non-finite float sample). */
  static final short INVALID_PAYLOAD = 1007;
  /** A limit: message size, idle time, stream duration. */
  static final short POLICY = 1008;
  /** The server's own failure. */
  static final short INTERNAL = 1011;
  /** The pool cannot keep up with this stream (stream.max_lag_ms); try again later. */
  static final short TRY_AGAIN_LATER = 1013;
  static final short NORMAL = 1000;

  private final short code;

  StreamClose(short code, String reason) {
    super(reason.length() > 120 ? reason.substring(0, 117) + "..." : reason, null, false, false);
    this.code = code;
  }

  short code() {
    return code;
  }

  String reason() {
    return getMessage();
  }
}
