package io.audioinsight.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The audio a stream has sent, kept for its summary as the messages' own arrays: appending to one growing buffer
 * would copy the whole stream on the event loop at every doubling (megabytes for a long stream); the one copy into a
 * WAV file happens on the pool, when the summary is made ({@link StreamWav}).
 */
final class StreamAudio {

  private final List<byte[]> parts = new ArrayList<>();
  private long length;

  /** Event loop: keeps {@code part}, which the caller no longer changes. */
  void add(byte[] part) {
    parts.add(part);
    length += part.length;
  }

  long length() {
    return length;
  }

  /** The parts in order (read on the pool after the stream's last message). */
  List<byte[]> parts() {
    return parts;
  }
}
