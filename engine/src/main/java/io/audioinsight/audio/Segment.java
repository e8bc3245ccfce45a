package io.audioinsight.audio;

/** A stretch of time in seconds, start inclusive, end exclusive. */
public record Segment(double start, double end) {

  public double duration() {
    return end - start;
  }
}
