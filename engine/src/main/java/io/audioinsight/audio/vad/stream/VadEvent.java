package io.audioinsight.audio.vad.stream;

/**
 * A voice activity event of a live stream. Times are stream time in seconds (16 kHz samples / 16000).
 *
 * @param type     speech started or ended
 * @param start    the segment's start (ms precision, as in file results)
 * @param end      the segment's end; NaN for {@link Type#SPEECH_START}
 * @param decidedAt how much of the stream had been analysed when the event became certain (for latency)
 */
public record VadEvent(Type type, double start, double end, double decidedAt) {

  public enum Type { SPEECH_START, SPEECH_END }

  static VadEvent started(double start, double decidedAt) {
    return new VadEvent(Type.SPEECH_START, start, Double.NaN, decidedAt);
  }

  static VadEvent ended(double start, double end, double decidedAt) {
    return new VadEvent(Type.SPEECH_END, start, end, decidedAt);
  }
}
