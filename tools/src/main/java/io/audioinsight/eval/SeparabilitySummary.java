package io.audioinsight.eval;

import io.audioinsight.audio.speakers.VoiceSeparability.PairScore;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Sums up {@link io.audioinsight.audio.speakers.VoiceSeparability} over a corpus: how many voice pairs the
 * clustering's stopping rule (merge when ΔBIC &lt; 0) gets wrong, how many the best single threshold would get
 * wrong, and in how many files with two or more voices every pair stays apart at either threshold, which
 * bounds the exact count that the representation allows on those files.
 */
public final class SeparabilitySummary {

  /** One file's scores; {@code voices} is its true speaker count. */
  public record FileScores(String file, int voices, List<PairScore> pairs) {}

  private final List<FileScores> files;
  private final List<PairScore> pairs;

  public SeparabilitySummary(List<FileScores> files) {
    this.files = List.copyOf(files);
    this.pairs = files.stream().flatMap(f -> f.pairs().stream()).toList();
  }

  /** Pairs on the wrong side of {@code threshold}: different voices below it, or one voice at or above it. */
  public long errors(double threshold) {
    return pairs.stream()
        .filter(p -> p.sameVoice() ? p.deltaBic() >= threshold : p.deltaBic() < threshold)
        .count();
  }

  /** The threshold with the fewest {@link #errors}; among equals the one nearest 0, so the result is unique. */
  public double bestThreshold() {
    TreeSet<Double> candidates = new TreeSet<>();
    candidates.add(0.0);
    for (PairScore p : pairs) {
      candidates.add(p.deltaBic());
      candidates.add(Math.nextUp(p.deltaBic()));
    }
    double best = 0.0;
    long bestErrors = errors(0.0);
    for (double t : candidates) {
      long e = errors(t);
      if (e < bestErrors || (e == bestErrors && Math.abs(t) < Math.abs(best))) {
        best = t;
        bestErrors = e;
      }
    }
    return best;
  }

  /** Files with two or more voices. */
  public long multiVoiceFiles() {
    return files.stream().filter(f -> f.voices() >= 2).count();
  }

  /** Files with two or more voices whose every scored pair is at or above {@code threshold}. */
  public long multiVoiceFilesApart(double threshold) {
    return files.stream()
        .filter(f -> f.voices() >= 2)
        .filter(f -> f.pairs().stream().allMatch(p -> p.deltaBic() >= threshold))
        .count();
  }

  /** Pairs of one voice (its two halves), and of two different voices. */
  public long samePairs() {
    return pairs.stream().filter(PairScore::sameVoice).count();
  }

  public long differentPairs() {
    return pairs.size() - samePairs();
  }

  public String render(String title) {
    double best = bestThreshold();
    return String.format(Locale.ROOT, """
        %s
        pairs: %d of different voices, %d of one voice (its odd and even turns)
        wrong at the stopping rule's threshold 0: %d; at the best threshold %.0f: %d
        files with 2+ voices whose every pair stays apart: %d of %d at 0, %d at %.0f
        """,
        title, differentPairs(), samePairs(), errors(0.0), best, errors(best),
        multiVoiceFilesApart(0.0), multiVoiceFiles(), multiVoiceFilesApart(best), best);
  }
}
