package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.StageTimings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerCountReportTest {

  private static ManifestEntry entry(String set, Double snr, int count, List<SpeakerSegment> turns) {
    return new ManifestEntry(set + "/f.wav", set, "c", "white", snr, snr, snr, 10.0, 16_000, 1, "pcm16", 0.5, List.of(),
        count, List.of(), turns, ManifestEntry.EXPECT_OK, null, null);
  }

  private static FileResult said(ManifestEntry e, int count, List<SpeakerSegment> segments) {
    AnalysisResult r = new AnalysisResult(e.durationS(), 16_000, 1, null, null,
        new SpeakerResult(count, segments, "embedding"), new StageTimings(0, 0, 0, 0, 0));
    return FileResult.ok(e, r, 1.0);
  }

  @Test
  void countsConfusionOneVoiceRateDerAndSnrGroupsAreReported() {
    List<SpeakerSegment> twoTurns = List.of(new SpeakerSegment(0, 5, 1), new SpeakerSegment(5, 10, 2));
    List<FileResult> results = List.of(
        said(entry("speakers", 10.0, 2, twoTurns), 2, twoTurns),
        said(entry("speakers", 10.0, 2, twoTurns), 1, List.of(new SpeakerSegment(0, 10, 1))),
        said(entry("single", null, 1, List.of()), 1, List.of()),
        said(entry("long", 30.0, 1, List.of()), 2, List.of()),
        said(new ManifestEntry("s.wav", "edge", "c", "none", null, null, null, 1, 16_000, 1, "pcm16", 0, List.of(), 0,
            List.of(), List.of(), ManifestEntry.EXPECT_NO_SPEECH, null, null), 0, List.of()));
    String text = new SpeakerCountReport(results, 0.0).render("embedding");
    assertThat(text).contains("embedding counter (4 files with speech)");
    assertThat(text).contains("exact 0.500, MAE 0.50 over 4 files; one voice says 1 in 1 of 2 (0.500)");
    // the merged file loses one of two equal turns: DER 5 / 20 s pooled over both files with turns
    assertThat(text).contains("DER 0.250 over 2 files with turns");
    assertThat(text).contains("true 2    0    1    1    0");
    assertThat(text).contains("by part (the file's folder):  long 0.000 (n 1, MAE 1.00)  single 1.000 (n 1, MAE 0.00)  speakers 0.500");
    assertThat(text).contains("by SNR (dB; clean = no noise added):  010 0.500 (n 2, MAE 0.50)  030 0.000");
    assertThat(text).contains("clean 1.000 (n 1, MAE 0.00)");
  }
}
