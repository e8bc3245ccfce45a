package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.StageTimings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the evaluator end to end over the tiny synthetic corpus with test analyzers whose answers are derived
 * from the manifest, so the expected figures are known exactly.
 */
class EvaluateTest {

  static Path dir;

  static List<ManifestEntry> entries;
  static Map<ByteBuffer, ManifestEntry> byContent = new HashMap<>();

  static final AnalysisParams PARAMS = AnalysisParams.defaults(Operation.ANALYZE, 3600);

  @BeforeAll
  static void build() throws IOException {
    dir = TinyCorpus.dir();
    entries = TinyCorpus.entries();
    for (ManifestEntry e : entries) {
      byContent.put(ByteBuffer.wrap(Files.readAllBytes(dir.resolve(e.file()))), e);
    }
  }

  /** Answers with the manifest's truth, shifted by {@code snrBiasDb}, with or without a speaker block. */
  record TruthAnalyzer(double snrBiasDb, boolean speakers) implements Analyzer {
    @Override
    public AnalysisResult analyze(byte[] wav, AnalysisParams params, Cancellation cancellation) {
      ManifestEntry e = byContent.get(ByteBuffer.wrap(wav));
      if (e.expect().equals(ManifestEntry.EXPECT_ERROR)) {
        throw new AudioFormatException(AudioFormatException.Kind.valueOf(e.errorKind()), "test");
      }
      Double snr = e.snrDb() == null ? null : e.snrDb() + snrBiasDb;
      SnrResult s = new SnrResult(snr, e.globalSnrDb(), e.speechRatio(), e.speechSegments(), "truth",
          params.vadHopSize(), params.vadThreshold());
      SpeakerResult k = speakers ? new SpeakerResult(e.speakerCount(), e.turns()) : null;
      return new AnalysisResult(e.durationS(), e.sampleRate(), e.channels(), null, s, k, new StageTimings(0, 0, 0, 0, 0));
    }

    @Override
    public String vadEngine() {
      return "truth";
    }
  }

  private static Report evaluate(Analyzer analyzer) throws IOException {
    return new Report(Evaluate.run(dir, entries, analyzer, PARAMS, 2), Report.DEFAULT_COLLAR_SECONDS);
  }

  private static Report.Target target(Report report, String name) {
    return report.targets().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void exactAnswersPassEveryTargetWithZeroError() throws IOException {
    Report report = evaluate(new TruthAnalyzer(0, true));
    assertThat(report.targets()).extracting(Report.Target::status).containsOnly(Report.Status.PASS);
    assertThat(target(report, "snr").detail()).startsWith("MAE 0.00 dB, bias 0.00 dB");
    assertThat(target(report, "vad_low").detail()).startsWith("F1 1.000");
    assertThat(target(report, "speakers").detail()).startsWith("exact 1.000, MAE 0.00").contains("DER 0.000");
    assertThat(report.render("test")).contains("TARGET snr").doesNotContain("FAIL");
  }

  @Test
  void aConstantSnrBiasShowsAsMaeAndBiasAndFailsTheSnrTarget() throws IOException {
    Report report = evaluate(new TruthAnalyzer(3, true));
    Report.Target snr = target(report, "snr");
    assertThat(snr.status()).isEqualTo(Report.Status.FAIL);
    assertThat(snr.detail()).startsWith("MAE 3.00 dB, bias 3.00 dB");
    assertThat(target(report, "vad_high").status()).isEqualTo(Report.Status.PASS);
    assertThat(report.render("test")).contains("largest SNR errors: single/").contains("+3.00 dB;");
  }

  @Test
  void withoutASpeakerBlockSpeakerMetricsAreNotApplicable() throws IOException {
    Report report = evaluate(new TruthAnalyzer(0, false));
    assertThat(target(report, "speakers").status()).isEqualTo(Report.Status.NA);
    assertThat(report.render("test")).contains("speaker metrics n/a");
  }

  @Test
  void anEngineThatFindsNoSpeechFailsVadAndCoverageButPassesSilence() throws IOException {
    Analyzer deaf = new Analyzer() {
      @Override
      public AnalysisResult analyze(byte[] wav, AnalysisParams params, Cancellation cancellation) {
        ManifestEntry e = byContent.get(ByteBuffer.wrap(wav));
        if (e.expect().equals(ManifestEntry.EXPECT_ERROR)) {
          throw new AudioFormatException(AudioFormatException.Kind.valueOf(e.errorKind()), "test");
        }
        SnrResult s = new SnrResult(null, null, 0, List.of(), "deaf", 512, 0.5);
        return new AnalysisResult(e.durationS(), e.sampleRate(), e.channels(), null, s, new SpeakerResult(0, List.of()),
            new StageTimings(0, 0, 0, 0, 0));
      }

      @Override
      public String vadEngine() {
        return "deaf";
      }
    };
    Report report = evaluate(deaf);
    assertThat(target(report, "snr").status()).isEqualTo(Report.Status.FAIL);
    assertThat(target(report, "snr").detail()).contains("coverage 0.000");
    assertThat(target(report, "vad_low").detail()).startsWith("F1 0.000");
    assertThat(target(report, "no_speech").status()).isEqualTo(Report.Status.PASS);
    assertThat(target(report, "speakers").detail()).startsWith("exact 0.000");
  }

  @Test
  void engineCrashesAreReportedAsFailuresWithoutStoppingTheRun() throws IOException {
    Analyzer crashing = new Analyzer() {
      @Override
      public AnalysisResult analyze(byte[] wav, AnalysisParams params, Cancellation cancellation) {
        throw new IllegalStateException("boom");
      }

      @Override
      public String vadEngine() {
        return "crash";
      }
    };
    List<FileResult> results = Evaluate.run(dir, entries, crashing, PARAMS, 1);
    assertThat(results).hasSize(entries.size()).allMatch(r -> r.failure().contains("boom"));
    Report report = new Report(results, 0.25);
    assertThat(target(report, "edge").status()).isEqualTo(Report.Status.FAIL);
    assertThat(report.render("test")).contains("FAIL edge/silence.wav");
  }

  @Test
  void csvHasAHeaderAndOneRowPerFile() throws IOException {
    String csv = evaluate(new TruthAnalyzer(0, true)).csv();
    String[] lines = csv.split("\n");
    assertThat(lines).hasSize(entries.size() + 1);
    assertThat(lines[0]).startsWith("file,set,condition,noise,target_snr_db")
        .endsWith(",snr_low_est,snr_high_est,snr_confidence");
    assertThat(lines[1].split(",", -1)).hasSize(lines[0].split(",").length);
  }
}
