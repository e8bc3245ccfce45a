package io.audioinsight.eval;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.eval.metrics.BinaryCounts;
import io.audioinsight.eval.metrics.CountConfusion;
import io.audioinsight.eval.metrics.DiarizationError;
import io.audioinsight.eval.metrics.ErrorStats;
import io.audioinsight.eval.metrics.FrameGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Turns per-file engine results into the eval report: SNR and VAD by noise type and SNR (set {@code single}),
 * speaker counting and diarization (set {@code speakers}), the edge-file expectations, and one PASS/FAIL line
 * per target of issues 2 and 4.
 *
 * <p>Conventions: SNR errors are estimate minus truth over files with an estimate (coverage says how many);
 * VAD F1 is micro-averaged (frame counts pooled over the files of a group) on a 10 ms grid; DER is pooled
 * the same way, scored with a collar around reference boundaries (default 0.25 s) and also without one.
 */
public final class Report {

  public static final double DEFAULT_COLLAR_SECONDS = 0.25;
  static final double SNR_MAE_TARGET_DB = 2.0;
  static final double COVERAGE_TARGET = 0.97;
  static final double VAD_LOW_SNR_F1_TARGET = 0.85;
  static final double VAD_HIGH_SNR_F1_TARGET = 0.95;
  static final double COUNT_EXACT_TARGET = 0.80;
  static final double COUNT_MAE_TARGET = 0.3;
  static final double NO_SPEECH_MAX_RATIO = 0.05;
  static final int WORST_FILES = 6;

  /** One line of the summary. */
  public record Target(String name, Status status, String detail) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "TARGET %-10s %-4s %s", name, status == Status.NA ? "n/a" : status, detail);
    }
  }

  public enum Status { PASS, FAIL, NA }

  /** Accumulated figures of one group of files. */
  record Group(int files, ErrorStats snr, ErrorStats globalSnr, BinaryCounts vad) {
    static final Group EMPTY = new Group(0, ErrorStats.EMPTY, ErrorStats.EMPTY, BinaryCounts.ZERO);

    Group plus(FileResult r) {
      ManifestEntry e = r.entry();
      return new Group(files + 1, snr.plus(e.snrDb(), estimatedSnr(r)), globalSnr.plus(e.globalSnrDb(), estimatedGlobalSnr(r)),
          vad.plus(vadCounts(r)));
    }
  }

  private final List<FileResult> results;
  private final double collar;

  public Report(List<FileResult> results, double collarSeconds) {
    this.results = List.copyOf(results);
    this.collar = collarSeconds;
  }

  // ---------------------------------------------------------------- per-file scores

  static Double estimatedSnr(FileResult r) {
    return r.hasSnr() ? r.result().snr().snrDb() : null;
  }

  static Double estimatedGlobalSnr(FileResult r) {
    return r.hasSnr() ? r.result().snr().globalSnrDb() : null;
  }

  /** Reference speech against the engine's segments on the 10 ms grid; no answer counts as no speech found. */
  static BinaryCounts vadCounts(FileResult r) {
    ManifestEntry e = r.entry();
    List<Segment> hypothesis = r.hasSnr() ? r.result().snr().speechSegments() : List.of();
    return BinaryCounts.of(
        FrameGrid.activity(e.speechSegments(), e.durationS(), FrameGrid.STEP_SECONDS),
        FrameGrid.activity(hypothesis, e.durationS(), FrameGrid.STEP_SECONDS));
  }

  DiarizationError der(FileResult r, double collarSeconds) {
    List<SpeakerSegment> hypothesis = r.hasSpeakers() ? r.result().speakers().speakerSegments() : List.of();
    return DiarizationError.of(r.entry().turns(), hypothesis, r.entry().durationS(), collarSeconds);
  }

  /** Whether an edge file came out as its manifest expects, and what happened. */
  record Check(boolean pass, String detail) {}

  static Check check(FileResult r) {
    ManifestEntry e = r.entry();
    if (r.failure() != null) {
      return new Check(false, "engine threw " + r.failure());
    }
    switch (e.expect()) {
      case ManifestEntry.EXPECT_ERROR -> {
        if (r.errorKind() == null) {
          return new Check(false, "accepted; expected rejection " + e.errorKind());
        }
        return new Check(r.errorKind().equals(e.errorKind()),
            "rejected " + r.errorKind() + (r.errorKind().equals(e.errorKind()) ? "" : "; expected " + e.errorKind()));
      }
      case ManifestEntry.EXPECT_NO_SPEECH -> {
        if (r.errorKind() != null) {
          return new Check(false, "rejected " + r.errorKind());
        }
        if (!r.hasSnr()) {
          return new Check(false, "no snr block");
        }
        double ratio = r.result().snr().speechRatio();
        Double snr = r.result().snr().snrDb();
        Integer count = r.hasSpeakers() ? r.result().speakers().speakerCount() : null;
        boolean pass = ratio < NO_SPEECH_MAX_RATIO && snr == null && (count == null || count == 0);
        return new Check(pass, String.format(Locale.ROOT, "speech_ratio %.3f, snr_db %s, speaker_count %s", ratio,
            fmt(snr), count == null ? "n/a" : count));
      }
      default -> {
        if (r.errorKind() != null) {
          return new Check(false, "rejected " + r.errorKind());
        }
        boolean formatOk = r.result().sampleRate() == e.sampleRate() && r.result().channels() == e.channels();
        String detail = String.format(Locale.ROOT, "%d Hz %d ch; snr_db %s (true %s), speech_ratio %s (true %.3f), vad_f1 %s",
            r.result().sampleRate(), r.result().channels(), fmt(estimatedSnr(r)), fmt(e.snrDb()),
            r.hasSnr() ? String.format(Locale.ROOT, "%.3f", r.result().snr().speechRatio()) : "-", e.speechRatio(),
            fmt3(vadCounts(r).f1()));
        return new Check(formatOk && r.hasSnr(), detail + (formatOk ? "" : "; rate/channels differ from the file's"));
      }
    }
  }

  // ---------------------------------------------------------------- the report

  public String render(String header) {
    StringBuilder out = new StringBuilder();
    out.append("audio-insight eval: ").append(header).append('\n');
    renderSingle(out);
    renderSpeakers(out);
    renderEdge(out);
    renderTiming(out);
    out.append('\n');
    for (Target t : targets()) {
      out.append(t).append('\n');
    }
    return out.toString();
  }

  private List<FileResult> set(String name) {
    return results.stream().filter(r -> r.entry().set().equals(name)).toList();
  }

  private static Group group(List<FileResult> files, Predicate<FileResult> which) {
    Group g = Group.EMPTY;
    for (FileResult r : files) {
      if (which.test(r)) {
        g = g.plus(r);
      }
    }
    return g;
  }

  private void renderSingle(StringBuilder out) {
    List<FileResult> single = set(ManifestEntry.SET_SINGLE);
    out.append("\n== SNR and VAD: set single (").append(single.size())
        .append(" files; error = estimate - truth over files with an estimate; VAD F1 pooled on a 10 ms grid)\n");
    if (single.isEmpty()) {
      out.append("no files\n");
      return;
    }
    out.append(String.format(Locale.ROOT, "%-10s %5s %5s %6s %8s %8s %8s %9s %7s %7s %7s%n",
        "noise", "snr", "files", "cover", "snr_mae", "snr_bias", "gsnr_mae", "gsnr_bias", "vad_f1", "vad_p", "vad_r"));
    List<String> noises = distinct(single.stream().map(r -> r.entry().noise()).toList());
    List<Double> snrs = distinctSorted(single.stream().map(r -> r.entry().targetSnrDb()).toList());
    for (String noise : noises) {
      for (Double snr : snrs) {
        Group g = group(single, r -> r.entry().noise().equals(noise) && Objects.equals(r.entry().targetSnrDb(), snr));
        if (g.files() > 0) {
          row(out, noise, fmt0(snr), g);
        }
      }
      row(out, noise, "all", group(single, r -> r.entry().noise().equals(noise)));
    }
    for (Double snr : snrs) {
      row(out, "all", fmt0(snr), group(single, r -> Objects.equals(r.entry().targetSnrDb(), snr)));
    }
    row(out, "all", "all", group(single, r -> true));
    renderWorst(out, single);
  }

  /** The files with the largest SNR errors (missing estimates first), where an engine developer looks next. */
  private static void renderWorst(StringBuilder out, List<FileResult> files) {
    List<FileResult> worst = files.stream()
        .filter(r -> r.entry().snrDb() != null)
        .sorted(java.util.Comparator.comparingDouble((FileResult r) -> {
          Double est = estimatedSnr(r);
          return est == null ? Double.POSITIVE_INFINITY : Math.abs(est - r.entry().snrDb());
        }).reversed())
        .limit(WORST_FILES)
        .toList();
    out.append("largest SNR errors:");
    for (FileResult r : worst) {
      Double est = estimatedSnr(r);
      out.append(String.format(Locale.ROOT, " %s %s;", r.entry().file(),
          est == null ? "no estimate" : String.format(Locale.ROOT, "%+.2f dB", est - r.entry().snrDb())));
    }
    out.append('\n');
  }

  private static void row(StringBuilder out, String noise, String snr, Group g) {
    out.append(String.format(Locale.ROOT, "%-10s %5s %5d %6s %8s %8s %8s %9s %7s %7s %7s%n", noise, snr, g.files(),
        fmt3(g.snr().coverage()), fmt2(g.snr().mae()), fmt2(g.snr().bias()), fmt2(g.globalSnr().mae()),
        fmt2(g.globalSnr().bias()), fmt3(g.vad().f1()), fmt3(g.vad().precision()), fmt3(g.vad().recall())));
  }

  private boolean anySpeakerBlock() {
    return results.stream().anyMatch(FileResult::hasSpeakers);
  }

  private void renderSpeakers(StringBuilder out) {
    List<FileResult> speakers = set(ManifestEntry.SET_SPEAKERS);
    out.append("\n== Speakers: set speakers (").append(speakers.size())
        .append(" files, 1-4 voices taking turns, clean to 10 dB; DER pooled, optimal label mapping (Hungarian), collar ")
        .append(collar).append(" s and none)\n");
    if (speakers.isEmpty()) {
      out.append("no files\n");
      return;
    }
    boolean scored = anySpeakerBlock();
    out.append(String.format(Locale.ROOT, "%-6s %5s %6s %6s %9s %9s %7s%n", "count", "files", "exact", "mae",
        "der_collar", "der_none", "vad_f1"));
    int maxCount = speakers.stream().mapToInt(r -> r.entry().speakerCount()).max().orElse(0);
    for (int count = 1; count <= maxCount + 1; count++) {
      final int c = count;
      List<FileResult> group = count <= maxCount
          ? speakers.stream().filter(r -> r.entry().speakerCount() == c).toList()
          : speakers;
      if (group.isEmpty()) {
        continue;
      }
      CountConfusion confusion = confusion(group);
      DiarizationError withCollar = DiarizationError.ZERO;
      DiarizationError without = DiarizationError.ZERO;
      BinaryCounts vad = BinaryCounts.ZERO;
      for (FileResult r : group) {
        withCollar = withCollar.plus(der(r, collar));
        without = without.plus(der(r, 0));
        vad = vad.plus(vadCounts(r));
      }
      out.append(String.format(Locale.ROOT, "%-6s %5d %6s %6s %9s %9s %7s%n", count <= maxCount ? String.valueOf(count) : "all",
          group.size(), scored ? fmt3(confusion.exactAccuracy()) : "n/a", scored ? fmt2(confusion.mae()) : "n/a",
          scored ? fmt3(withCollar.rate()) : "n/a", scored ? fmt3(without.rate()) : "n/a", fmt3(vad.f1())));
    }
    if (!scored) {
      out.append("speaker metrics n/a: the engine returned no speaker block\n");
      return;
    }
    CountConfusion all = confusion(speakers);
    out.append("confusion (rows: true count; columns: estimated count, last column ").append(CountConfusion.MAX_COLUMN)
        .append(" or more)\n      ");
    for (int c = 0; c <= CountConfusion.MAX_COLUMN; c++) {
      out.append(String.format(Locale.ROOT, "%5d", c));
    }
    out.append('\n');
    for (int t = 1; t <= Math.min(maxCount, CountConfusion.MAX_ROW); t++) {
      out.append(String.format(Locale.ROOT, "true %d", t));
      for (int c = 0; c <= CountConfusion.MAX_COLUMN; c++) {
        out.append(String.format(Locale.ROOT, "%5d", all.count(t, c)));
      }
      out.append('\n');
    }
    List<FileResult> single = set(ManifestEntry.SET_SINGLE);
    long saysOne = single.stream().filter(r -> r.hasSpeakers() && r.result().speakers().speakerCount() == 1).count();
    out.append(String.format(Locale.ROOT, "set single (one voice each): speaker_count = 1 in %d of %d files%n", saysOne,
        single.size()));
  }

  private static CountConfusion confusion(List<FileResult> group) {
    CountConfusion c = CountConfusion.empty();
    for (FileResult r : group) {
      int estimate = r.hasSpeakers() ? r.result().speakers().speakerCount() : 0;
      c = c.plus(r.entry().speakerCount(), estimate);
    }
    return c;
  }

  private void renderEdge(StringBuilder out) {
    List<FileResult> edge = set(ManifestEntry.SET_EDGE);
    out.append("\n== Edge files (").append(edge.size()).append(")\n");
    for (FileResult r : edge) {
      Check c = check(r);
      out.append(String.format(Locale.ROOT, "%-4s %-30s expect %-20s %s%n", c.pass() ? "PASS" : "FAIL", r.entry().file(),
          r.entry().expect().equals(ManifestEntry.EXPECT_ERROR) ? r.entry().errorKind() : r.entry().expect(), c.detail()));
    }
    List<FileResult> unexpected = results.stream()
        .filter(r -> !r.entry().set().equals(ManifestEntry.SET_EDGE) && (r.failure() != null || r.errorKind() != null))
        .toList();
    for (FileResult r : unexpected) {
      out.append("FAIL ").append(r.entry().file()).append(": ")
          .append(r.failure() != null ? r.failure() : "rejected " + r.errorKind()).append('\n');
    }
  }

  private void renderTiming(StringBuilder out) {
    double audio = 0;
    double ms = 0;
    for (FileResult r : results) {
      if (r.result() != null) {
        audio += r.result().durationS();
        ms += r.elapsedMs();
      }
    }
    out.append(String.format(Locale.ROOT,
        "%n== Timing (shared machine, indicative only): %.1f s of audio analysed in %.0f ms of engine time, %.0fx real time per thread%n",
        audio, ms, ms > 0 ? audio * 1000 / ms : Double.NaN));
  }

  // ---------------------------------------------------------------- targets

  public List<Target> targets() {
    List<Target> out = new ArrayList<>();
    List<FileResult> single = set(ManifestEntry.SET_SINGLE);
    if (single.isEmpty()) {
      out.add(new Target("snr", Status.NA, "no single-set files"));
      out.add(new Target("vad_low", Status.NA, "no single-set files"));
      out.add(new Target("vad_high", Status.NA, "no single-set files"));
    } else {
      Group all = group(single, r -> true);
      String worstNoise = null;
      double worstMae = -1;
      for (String noise : distinct(single.stream().map(r -> r.entry().noise()).toList())) {
        double mae = group(single, r -> r.entry().noise().equals(noise)).snr().mae();
        if (Double.isNaN(mae) || mae > worstMae) {
          worstMae = Double.isNaN(mae) ? Double.POSITIVE_INFINITY : mae;
          worstNoise = noise;
        }
      }
      boolean snrPass = worstMae <= SNR_MAE_TARGET_DB && all.snr().coverage() >= COVERAGE_TARGET;
      out.add(new Target("snr", snrPass ? Status.PASS : Status.FAIL, String.format(Locale.ROOT,
          "MAE %s dB, bias %s dB, worst noise %s %s dB, coverage %s   [MAE <= %.0f dB for every noise type, coverage >= %.2f]",
          fmt2(all.snr().mae()), fmt2(all.snr().bias()), worstNoise, fmt2(worstMae), fmt3(all.snr().coverage()),
          SNR_MAE_TARGET_DB, COVERAGE_TARGET)));
      out.add(vadTarget("vad_low", single, -5, 5, VAD_LOW_SNR_F1_TARGET));
      out.add(vadTarget("vad_high", single, 10, 30, VAD_HIGH_SNR_F1_TARGET));
    }
    out.add(speakerTarget());
    List<FileResult> noSpeech = results.stream()
        .filter(r -> r.entry().expect().equals(ManifestEntry.EXPECT_NO_SPEECH)).toList();
    long noSpeechPass = noSpeech.stream().filter(r -> check(r).pass()).count();
    out.add(new Target("no_speech", noSpeech.isEmpty() ? Status.NA : noSpeechPass == noSpeech.size() ? Status.PASS : Status.FAIL,
        String.format(Locale.ROOT, "%d/%d silence/noise-only files   [speech_ratio < %.2f, snr_db null, speaker_count 0 if given]",
            noSpeechPass, noSpeech.size(), NO_SPEECH_MAX_RATIO)));
    List<FileResult> edge = set(ManifestEntry.SET_EDGE);
    long edgePass = edge.stream().filter(r -> check(r).pass()).count();
    long unexpected = results.stream()
        .filter(r -> !r.entry().set().equals(ManifestEntry.SET_EDGE) && (r.failure() != null || r.errorKind() != null))
        .count();
    out.add(new Target("edge", edge.isEmpty() ? Status.NA : edgePass == edge.size() && unexpected == 0 ? Status.PASS : Status.FAIL,
        String.format(Locale.ROOT, "%d/%d edge expectations met, %d unexpected errors elsewhere   [all met, none]", edgePass,
            edge.size(), unexpected)));
    return out;
  }

  private static Target vadTarget(String name, List<FileResult> single, double lowDb, double highDb, double target) {
    Group g = group(single, r -> r.entry().targetSnrDb() != null && r.entry().targetSnrDb() >= lowDb
        && r.entry().targetSnrDb() <= highDb);
    if (g.files() == 0) {
      return new Target(name, Status.NA, "no files between " + fmt0(lowDb) + " and " + fmt0(highDb) + " dB");
    }
    double f1 = g.vad().f1();
    return new Target(name, f1 >= target ? Status.PASS : Status.FAIL, String.format(Locale.ROOT,
        "F1 %s (P %s, R %s) over %d files at %s..%s dB   [F1 >= %.2f]", fmt3(f1), fmt3(g.vad().precision()),
        fmt3(g.vad().recall()), g.files(), fmt0(lowDb), fmt0(highDb), target));
  }

  private Target speakerTarget() {
    List<FileResult> speakers = set(ManifestEntry.SET_SPEAKERS);
    if (speakers.isEmpty()) {
      return new Target("speakers", Status.NA, "no speakers-set files");
    }
    if (!anySpeakerBlock()) {
      return new Target("speakers", Status.NA, "the engine returned no speaker block");
    }
    CountConfusion c = confusion(speakers);
    DiarizationError der = DiarizationError.ZERO;
    for (FileResult r : speakers) {
      der = der.plus(der(r, collar));
    }
    boolean pass = c.exactAccuracy() >= COUNT_EXACT_TARGET && c.mae() <= COUNT_MAE_TARGET;
    return new Target("speakers", pass ? Status.PASS : Status.FAIL, String.format(Locale.ROOT,
        "exact %s, MAE %s over %d files, DER %s (collar %s s)   [exact >= %.2f, MAE <= %.1f]", fmt3(c.exactAccuracy()),
        fmt2(c.mae()), c.files(), fmt3(der.rate()), collar, COUNT_EXACT_TARGET, COUNT_MAE_TARGET));
  }

  // ---------------------------------------------------------------- CSV

  /** One row per file, for spreadsheets and plots. */
  public String csv() {
    StringBuilder out = new StringBuilder(
        "file,set,condition,noise,target_snr_db,snr_db_true,snr_db_est,global_snr_db_true,global_snr_db_est,"
            + "speech_ratio_true,speech_ratio_est,vad_f1,speakers_true,speakers_est,der,outcome,engine_ms,"
            + "snr_low_est,snr_high_est,snr_confidence\n");
    for (FileResult r : results) {
      ManifestEntry e = r.entry();
      String outcome = r.failure() != null ? "failure" : r.errorKind() != null ? "rejected:" + r.errorKind() : "ok";
      out.append(String.join(",", e.file(), e.set(), e.condition(), e.noise(), csvNum(e.targetSnrDb()), csvNum(e.snrDb()),
          csvNum(estimatedSnr(r)), csvNum(e.globalSnrDb()), csvNum(estimatedGlobalSnr(r)), csvNum(e.speechRatio()),
          r.hasSnr() ? csvNum(r.result().snr().speechRatio()) : "", csvNum(vadCounts(r).f1()),
          String.valueOf(e.speakerCount()), r.hasSpeakers() ? String.valueOf(r.result().speakers().speakerCount()) : "",
          r.hasSpeakers() && !e.turns().isEmpty() ? csvNum(der(r, collar).rate()) : "", outcome,
          String.format(Locale.ROOT, "%.3f", r.elapsedMs()), intervalCsv(r))).append('\n');
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- formatting

  private static List<String> distinct(List<String> values) {
    return values.stream().distinct().toList();
  }

  private static List<Double> distinctSorted(List<Double> values) {
    return values.stream().distinct()
        .sorted((a, b) -> a == null ? (b == null ? 0 : 1) : b == null ? -1 : Double.compare(a, b)).toList();
  }

  /** The trust fields: the interval's ends and the confidence, empty where there is no SNR. */
  private static String intervalCsv(FileResult r) {
    if (!r.hasSnr() || r.result().snr().snrIntervalDb() == null) {
      return ",,";
    }
    SnrResult snr = r.result().snr();
    return csvNum(snr.snrIntervalDb().low()) + "," + csvNum(snr.snrIntervalDb().high()) + "," + snr.snrConfidence();
  }

  private static String csvNum(Double v) {
    return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String fmt(Double v) {
    return v == null ? "null" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String fmt0(Double v) {
    return v == null ? "clean" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String fmt2(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String fmt3(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
