package io.audioinsight.eval;

import io.audioinsight.audio.AnalysisResult;

/**
 * What the engine did with one corpus file: a result, a typed rejection ({@code errorKind}, the
 * {@code AudioFormatException.Kind} name) or a failure (any other exception: always a bug).
 */
public record FileResult(ManifestEntry entry, AnalysisResult result, String errorKind, String failure, double elapsedMs) {

  public static FileResult ok(ManifestEntry entry, AnalysisResult result, double elapsedMs) {
    return new FileResult(entry, result, null, null, elapsedMs);
  }

  public static FileResult rejected(ManifestEntry entry, String kind, double elapsedMs) {
    return new FileResult(entry, null, kind, null, elapsedMs);
  }

  public static FileResult failed(ManifestEntry entry, String failure, double elapsedMs) {
    return new FileResult(entry, null, null, failure, elapsedMs);
  }

  public boolean hasSnr() {
    return result != null && result.snr() != null;
  }

  public boolean hasSpeakers() {
    return result != null && result.speakers() != null;
  }
}
