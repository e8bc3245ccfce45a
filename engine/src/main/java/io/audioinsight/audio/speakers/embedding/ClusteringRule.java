package io.audioinsight.audio.speakers.embedding;

import java.util.Locale;

/**
 * How the windows' embeddings are grouped into voices, chosen by the model's {@code speaker-embedding.json}
 * ({@code "clustering"}), so that a model calibrated for one rule brings it along.
 */
public enum ClusteringRule {
  /** Average-linkage agglomerative clustering cut at the calibrated threshold ({@link AverageLinkage}). */
  AHC("ahc"),
  /** Spectral clustering, the count from the eigengap of the pruned affinity ({@link SpectralClustering}). */
  SPECTRAL("spectral"),
  /**
   * The AHC rule's count (threshold, min_frac, hints), then the windows labelled by the spectral rule told that
   * count: spectral labels fit the turns better when the count is known (DER with num_speakers), AHC counts better.
   */
  AHC_SPECTRAL("ahc-spectral");

  private final String jsonValue;

  ClusteringRule(String jsonValue) {
    this.jsonValue = jsonValue;
  }

  /** The value as written in the JSON. */
  public String jsonValue() {
    return jsonValue;
  }

  /** @throws IllegalArgumentException naming the accepted values */
  public static ClusteringRule parse(String value) {
    for (ClusteringRule r : values()) {
      if (r.jsonValue.equals(value.toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "clustering must be \"ahc\", \"spectral\" or \"ahc-spectral\", got \"" + value + "\"");
  }
}
