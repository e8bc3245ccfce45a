package io.audioinsight.eval;

import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.eval.metrics.CountConfusion;
import io.audioinsight.eval.metrics.DiarizationError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The speaker-counting figures of one counter on a corpus, over every file whose truth has at least one voice
 * (any set: the synthetic corpus's {@code single} and {@code speakers}, the real-voice corpus's {@code long}
 * and {@code telephone} too): exact count and MAE, the confusion by true count, the one-voice rate, pooled
 * DER where the manifest has turns, and the exact count by corpus part and by SNR. {@link Evaluate} prints one per
 * counter from the same run, so the counters are compared on the same files and the same VAD.
 */
final class SpeakerCountReport {

  private final List<FileResult> voiced;
  private final double collar;

  SpeakerCountReport(List<FileResult> results, double collar) {
    this.voiced = results.stream()
        .filter(r -> r.entry().speakerCount() >= 1 && ManifestEntry.EXPECT_OK.equals(r.entry().expect()))
        .toList();
    this.collar = collar;
  }

  String render(String counter) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n== Speaker counting, %s counter (%d files with speech)%n", counter,
        voiced.size()));
    if (voiced.isEmpty()) {
      return out.append("no files\n").toString();
    }
    CountConfusion all = confusion(voiced);
    DiarizationError der = DiarizationError.ZERO;
    int withTurns = 0;
    for (FileResult r : voiced) {
      if (!r.entry().turns().isEmpty()) {
        List<SpeakerSegment> hypothesis = r.hasSpeakers() ? r.result().speakers().speakerSegments() : List.of();
        der = der.plus(DiarizationError.of(r.entry().turns(), hypothesis, r.entry().durationS(), collar));
        withTurns++;
      }
    }
    List<FileResult> one = voiced.stream().filter(r -> r.entry().speakerCount() == 1).toList();
    long saysOne = one.stream().filter(r -> estimate(r) == 1).count();
    out.append(String.format(Locale.ROOT, "exact %.3f, MAE %.2f over %d files; one voice says 1 in %d of %d (%.3f); "
            + "DER %s over %d files with turns (collar %s s)%n", all.exactAccuracy(), all.mae(), all.files(), saysOne,
        one.size(), one.isEmpty() ? Double.NaN : saysOne / (double) one.size(),
        withTurns == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", der.rate()), withTurns, collar));
    out.append("confusion (rows: true count; columns: estimated 0..").append(CountConfusion.MAX_COLUMN)
        .append(", the last one or more)\n");
    int maxTrue = voiced.stream().mapToInt(r -> r.entry().speakerCount()).max().orElse(1);
    for (int t = 1; t <= Math.min(maxTrue, CountConfusion.MAX_ROW); t++) {
      out.append(String.format(Locale.ROOT, "true %d", t));
      for (int c = 0; c <= CountConfusion.MAX_COLUMN; c++) {
        out.append(String.format(Locale.ROOT, "%5d", all.count(t, c)));
      }
      out.append('\n');
    }
    table(out, "by part (the file's folder)", SpeakerCountReport::part);
    table(out, "by SNR (dB; clean = no noise added)", r -> snrLabel(r.entry().targetSnrDb()));
    return out.toString();
  }

  private void table(StringBuilder out, String title, Function<FileResult, String> key) {
    Map<String, List<FileResult>> groups = new TreeMap<>();
    for (FileResult r : voiced) {
      groups.computeIfAbsent(key.apply(r), k -> new java.util.ArrayList<>()).add(r);
    }
    out.append(title).append(":");
    groups.forEach((name, files) -> {
      CountConfusion c = confusion(files);
      out.append(String.format(Locale.ROOT, "  %s %.3f (n %d, MAE %.2f)", name, c.exactAccuracy(), c.files(), c.mae()));
    });
    out.append('\n');
  }

  /** The corpus part a file belongs to: its folder (single, speakers, long, telephone, edge). */
  private static String part(FileResult r) {
    String file = r.entry().file();
    int slash = file.indexOf('/');
    return slash > 0 ? file.substring(0, slash) : r.entry().set();
  }

  private static String snrLabel(Double snr) {
    return snr == null ? "clean" : String.format(Locale.ROOT, "%03.0f", snr);
  }

  private static int estimate(FileResult r) {
    return r.hasSpeakers() ? r.result().speakers().speakerCount() : 0;
  }

  private static CountConfusion confusion(List<FileResult> files) {
    CountConfusion c = CountConfusion.empty();
    for (FileResult r : files) {
      c = c.plus(r.entry().speakerCount(), estimate(r));
    }
    return c;
  }
}
