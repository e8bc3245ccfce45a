package io.audioinsight.audio;

/** Wall-clock milliseconds the engine spent in each stage of one analysis; 0 for stages that did not run. */
public record StageTimings(double decodeMs, double spectrogramMs, double vadMs, double snrMs, double speakersMs) {

  public double totalMs() {
    return decodeMs + spectrogramMs + vadMs + snrMs + speakersMs;
  }
}
