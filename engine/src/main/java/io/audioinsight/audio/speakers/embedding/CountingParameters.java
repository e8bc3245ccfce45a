package io.audioinsight.audio.speakers.embedding;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the embeddings are turned into a count, calibrated in Python together with the model and shipped beside
 * it as {@code speaker-embedding.json}, so a new model brings its own threshold. The rule is
 * {@code scripts/train/speaker-embedding/eval.py}'s: windows of {@code windowS} every {@code hopS} over the
 * speech, average-linkage clustering on cosine similarity stopped when the best pair is under
 * {@code threshold}, and clusters with under {@code minFrac} of the windows not counted. The optional
 * {@code "clustering"} key ({@code "ahc"}, the default, {@code "spectral"} or {@code "ahc-spectral"}) selects the grouping rule
 * ({@link ClusteringRule}); the threshold is the AHC rule's, min_frac applies to both. The optional
 * {@code "resegmentation"} key ({@code "none"}, the default, or {@code "mfcc"}) says whether the turns are decoded
 * again on MFCC voice models ({@link io.audioinsight.audio.speakers.VoiceResegmentation}); it never changes the
 * count. The optional {@code "threshold_narrowband"} is the threshold calibrated on telephone-band conversations,
 * used for speech with no energy above the telephone band ({@link SpeechBand}): band-limited voices sound more
 * alike to the embedding, so the wideband threshold merges them (docs/BENCHMARKS.md, issue 16); the wideband
 * threshold when absent. The optional {@code "turn_change_level"} turns on the learned turn-change detector shipped
 * beside the model ({@code "turn_changes"}, {@link TurnChangeDetector}): the windows are laid inside the pieces
 * between the changes it finds with a probability over this level ({@link Windows#inside}); 0, the default, keeps
 * the regular grid.
 *
 * @param threshold cosine similarity under which two clusters are different voices, in (-1, 1)
 * @param minFrac   smallest share of the windows for a cluster to count as a voice, in [0, 1)
 * @param windowS   embedding window, seconds
 * @param hopS      step between windows, seconds, at most {@code windowS}
 * @param clustering how windows are grouped into voices
 * @param mfccResegmentation whether the turns are decoded again on MFCC voice models
 * @param narrowbandThreshold the threshold for narrowband (telephone) speech, in (-1, 1)
 * @param turnChangeLevel the turn-change detector's cut level, in (0, 1), or 0 for the regular grid of windows
 */
public record CountingParameters(double threshold, double minFrac, double windowS, double hopS,
                                 ClusteringRule clustering, boolean mfccResegmentation, double narrowbandThreshold,
                                 double turnChangeLevel) {

  /** The parameters with the AHC rule, the one every model so far was calibrated with, and no resegmentation. */
  public CountingParameters(double threshold, double minFrac, double windowS, double hopS) {
    this(threshold, minFrac, windowS, hopS, ClusteringRule.AHC);
  }

  /** The parameters with a clustering rule and no resegmentation. */
  public CountingParameters(double threshold, double minFrac, double windowS, double hopS, ClusteringRule clustering) {
    this(threshold, minFrac, windowS, hopS, clustering, false);
  }

  /** The parameters with one threshold for every bandwidth. */
  public CountingParameters(double threshold, double minFrac, double windowS, double hopS, ClusteringRule clustering,
                            boolean mfccResegmentation) {
    this(threshold, minFrac, windowS, hopS, clustering, mfccResegmentation, threshold);
  }

  /** The parameters with the regular grid of windows (no turn-change detector). */
  public CountingParameters(double threshold, double minFrac, double windowS, double hopS, ClusteringRule clustering,
                            boolean mfccResegmentation, double narrowbandThreshold) {
    this(threshold, minFrac, windowS, hopS, clustering, mfccResegmentation, narrowbandThreshold, 0);
  }

  public CountingParameters {
    check(clustering != null, "clustering must be given");
    check(threshold > -1 && threshold < 1, "threshold must be in (-1, 1), got " + threshold);
    check(narrowbandThreshold > -1 && narrowbandThreshold < 1,
        "threshold_narrowband must be in (-1, 1), got " + narrowbandThreshold);
    check(minFrac >= 0 && minFrac < 1, "min_frac must be in [0, 1), got " + minFrac);
    check(windowS >= 0.5 && windowS <= 10, "window_s must be in [0.5, 10] seconds, got " + windowS);
    check(hopS > 0 && hopS <= windowS, "hop_s must be in (0, window_s], got " + hopS);
    check(turnChangeLevel >= 0 && turnChangeLevel < 1, "turn_change_level must be in [0, 1), got " + turnChangeLevel);
  }

  /** The same parameters with another clustering rule (to compare rules on one model). */
  public CountingParameters withClustering(ClusteringRule rule) {
    return new CountingParameters(threshold, minFrac, windowS, hopS, rule, mfccResegmentation, narrowbandThreshold,
        turnChangeLevel);
  }

  /** The same parameters with MFCC resegmentation on or off (to compare both on one model). */
  public CountingParameters withMfccResegmentation(boolean on) {
    return new CountingParameters(threshold, minFrac, windowS, hopS, clustering, on, narrowbandThreshold,
        turnChangeLevel);
  }

  /** The same parameters with another turn-change cut level, 0 for the regular grid (to compare both on one model). */
  public CountingParameters withTurnChangeLevel(double level) {
    return new CountingParameters(threshold, minFrac, windowS, hopS, clustering, mfccResegmentation,
        narrowbandThreshold, level);
  }

  /** Whether the windows are laid between the turn changes the detector finds. */
  boolean turnChanges() {
    return turnChangeLevel > 0;
  }

  /** The parameters for narrowband speech: the narrowband threshold in place of the wideband one. */
  CountingParameters forNarrowband() {
    return new CountingParameters(narrowbandThreshold, minFrac, windowS, hopS, clustering, mfccResegmentation,
        narrowbandThreshold, turnChangeLevel);
  }

  /** Window length in 16 kHz samples. */
  int windowSamples() {
    return (int) Math.round(windowS * 16_000);
  }

  /** Hop in 16 kHz samples. */
  int hopSamples() {
    return (int) Math.round(hopS * 16_000);
  }

  /**
   * Reads the numbers (threshold, min_frac, window_s, hop_s, and the optional threshold_narrowband and
   * turn_change_level) from the
   * calibration JSON, a flat object written by the training scripts; other keys (provenance, figures) are allowed
   * and ignored. {@code origin} names the file for the message.
   *
   * @throws SpeakerModelUnavailableException when a key is missing or a value is out of range
   */
  public static CountingParameters parse(String json, String origin) {
    try {
      double threshold = number(json, "threshold", origin);
      return new CountingParameters(threshold, number(json, "min_frac", origin),
          number(json, "window_s", origin), number(json, "hop_s", origin), clustering(json), resegmentation(json),
          json.contains("\"threshold_narrowband\"") ? number(json, "threshold_narrowband", origin) : threshold,
          json.contains("\"turn_change_level\"") ? number(json, "turn_change_level", origin) : 0);
    } catch (IllegalArgumentException e) {
      throw SpeakerModelUnavailableException.corrupted(
          "speaker-embedding counting parameters " + origin + " are invalid: " + e.getMessage());
    }
  }

  /** The optional "clustering" string; AHC when absent (models calibrated before the key existed). */
  private static ClusteringRule clustering(String json) {
    Matcher m = Pattern.compile("\"clustering\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (m.find()) {
      return ClusteringRule.parse(m.group(1));
    }
    if (json.contains("\"clustering\"")) {
      throw new IllegalArgumentException("clustering must be the string \"ahc\", \"spectral\" or \"ahc-spectral\"");
    }
    return ClusteringRule.AHC;
  }

  /** The optional "resegmentation" string: "mfcc" turns it on; none when absent (models before the key existed). */
  private static boolean resegmentation(String json) {
    Matcher m = Pattern.compile("\"resegmentation\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (m.find()) {
      return switch (m.group(1)) {
        case "mfcc" -> true;
        case "none" -> false;
        default -> throw new IllegalArgumentException(
            "resegmentation must be \"none\" or \"mfcc\", got \"" + m.group(1) + "\"");
      };
    }
    if (json.contains("\"resegmentation\"")) {
      throw new IllegalArgumentException("resegmentation must be the string \"none\" or \"mfcc\"");
    }
    return false;
  }

  private static double number(String json, String key, String origin) {
    // a flat object of numbers needs no JSON library in the engine; nested objects are not expected here
    Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?)")
        .matcher(json);
    if (!m.find()) {
      throw SpeakerModelUnavailableException.corrupted(String.format(Locale.ROOT,
          "speaker-embedding counting parameters %s lack the number \"%s\" (expected threshold, min_frac, window_s, "
              + "hop_s, and threshold_narrowband if present)", origin, key));
    }
    return Double.parseDouble(m.group(1));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
