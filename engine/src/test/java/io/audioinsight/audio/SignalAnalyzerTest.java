package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.vad.DspVad;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalAnalyzerTest {

  private final SignalAnalyzer analyzer = new SignalAnalyzer(new DspVad());

  private SnrResult snr(float[] x) {
    return analyzer.analyze(x, 512, 0.5, Cancellation.NONE).snr();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 10, 20})
  void activeSpeechSnrInWhiteNoiseIsWithinOneDb(double snrDb) {
    assertThat(snr(TestAudio.speechInWhiteNoise(snrDb, 21)).snrDb()).isCloseTo(snrDb, within(1.0));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 10, 20})
  void activeSpeechSnrInHumIsWithinOneDb(double snrDb) {
    float[] x = SyntheticSignals.mix(TestAudio.speech(), TestAudio.UTTERANCES, TestAudio.hum(TestAudio.LENGTH, 1), snrDb);
    assertThat(snr(x).snrDb()).isCloseTo(snrDb, within(1.0));
  }

  @Test
  void speechWithAlmostNoPausesStillGetsAnEstimate() {
    double[][] nearlyAll = {{0.1, 19.9}};
    float[] speech = SyntheticSignals.speechLike(TestAudio.LENGTH, nearlyAll, 9);
    float[] x = SyntheticSignals.mix(speech, nearlyAll, SyntheticSignals.whiteNoise(TestAudio.LENGTH, 1, 22), 10);
    SnrResult r = snr(x);
    assertThat(r.speechRatio()).isGreaterThan(0.95);
    // Only the tracked floor is left to measure the noise by, and this synthetic speech never dips in any bin
    // for 20 s (real speech has closures and word gaps), so the floor reads some speech as noise: the estimate
    // is low, but bounded.
    assertThat(r.snrDb()).isCloseTo(10.0, within(3.5));
  }

  @Test
  void globalSnrAccountsForThePauses() {
    SnrResult r = snr(TestAudio.speechInWhiteNoise(10, 23));
    // speech is active 71 % of the time: 10 dB active is 8.5 dB over the whole file
    assertThat(r.globalSnrDb()).isCloseTo(8.5, within(2.0));
  }

  @Test
  void digitalSilenceHasNoSpeechAndNoSnr() {
    SnrResult r = snr(new float[TestAudio.LENGTH]);
    assertThat(r.speechSegments()).isEmpty();
    assertThat(r.speechRatio()).isZero();
    assertThat(r.snrDb()).isNull();
    assertThat(r.globalSnrDb()).isNull();
  }

  @Test
  void noiseAloneHasAlmostNoSpeechAndNoSnr() {
    for (float[] noise : List.of(
        SyntheticSignals.whiteNoise(TestAudio.LENGTH, 0.1, 24), SyntheticSignals.pinkNoise(TestAudio.LENGTH, 0.1, 25))) {
      SnrResult r = snr(noise);
      assertThat(r.speechRatio()).isLessThan(0.05);
      assertThat(r.snrDb()).isNull();
    }
  }

  @Test
  void noiseFreeSpeechIsCappedAt100Db() {
    SnrResult r = snr(TestAudio.speech());
    assertThat(r.snrDb()).isEqualTo(100.0);
    assertThat(r.speechSegments()).hasSize(TestAudio.UTTERANCES.length);
  }

  @Test
  void emptyAndVeryShortSignalsGiveNoSegments() {
    for (float[] x : List.of(new float[0], new float[1], SyntheticSignals.whiteNoise(300, 0.1, 26))) {
      SnrResult r = snr(x);
      assertThat(r.speechSegments()).isEmpty();
      assertThat(r.snrDb()).isNull();
      assertThat(r.speechRatio()).isZero();
    }
  }

  @Test
  void reportsTheCallersHopAndThresholdAndTheEngine() {
    SnrResult r = analyzer.analyze(TestAudio.speechInWhiteNoise(10, 27), 1024, 0.7, Cancellation.NONE).snr();
    assertThat(r.vadHopSize()).isEqualTo(1024);
    assertThat(r.vadThreshold()).isEqualTo(0.7);
    assertThat(r.vadEngine()).isEqualTo("dsp");
  }

  @Test
  void cancellationStopsTheWorkEarly() {
    float[] x = SyntheticSignals.whiteNoise(600 * 16_000, 0.1, 28); // 10 minutes
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger checksAfterCancel = new AtomicInteger();
    Cancellation flipsAfterThreeChecks = () -> {
      int n = checks.incrementAndGet();
      if (n > 3) {
        checksAfterCancel.incrementAndGet();
        return true;
      }
      return false;
    };
    assertThatThrownBy(() -> analyzer.analyze(x, 512, 0.5, flipsAfterThreeChecks))
        .isInstanceOf(AnalysisCancelledException.class);
    // it stopped at the first check after the flip, inside the spectrogram (which checks every 200 frames)
    assertThat(checksAfterCancel.get()).isEqualTo(1);
    assertThat(checks.get()).isEqualTo(4);
  }

  @Test
  void sameInputFromEightThreadsGivesIdenticalResults() throws Exception {
    float[] x = TestAudio.speechInWhiteNoise(5, 29);
    SnrResult expected = snr(x);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<SnrResult>> jobs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        jobs.add(() -> snr(x));
      }
      for (Future<SnrResult> f : pool.invokeAll(jobs)) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A chunk of a long file analysed with context (here: the rest of the file around it) reports for its range
   * what the whole file's analysis reports there: the same segments (cut at the range's edges), the same speech
   * frames, and SNR sums that give the whole file's sums over those frames (to the rounding of the mean taken
   * out, which is the slice's here and the file's there).
   */
  @Test
  void aRangeAnalysedWithContextReportsWhatTheWholeSignalReportsThere() {
    float[] x = TestAudio.speechInWhiteNoise(10, 31);
    int from = 8 * 12_800; // 6.4 s: on the alignment grid of hop 512 (0.8 s)
    int to = from + 8 * 12_800;
    SpeechAnalysis whole = analyzer.analyze(x, 512, 0.5, true, Cancellation.NONE);
    SpeechAnalysis range = analyzer.analyze(x, 512, 0.5, true, from, to, Cancellation.NONE);

    double a = from / 16_000.0;
    double b = to / 16_000.0;
    List<Segment> expected = new ArrayList<>();
    for (Segment s : whole.snr().speechSegments()) {
      double start = Math.max(a, s.start());
      double end = Math.min(b, s.end());
      if (end > start) {
        expected.add(new Segment(Math.round((start - a) * 1000) / 1000.0, Math.round((end - a) * 1000) / 1000.0));
      }
    }
    assertThat(expected).isNotEmpty();
    assertThat(range.snr().speechSegments()).isEqualTo(expected);
    boolean[] wholeFrames = java.util.Arrays.copyOfRange(whole.speechFrames(), from / 160, to / 160);
    assertThat(range.speechFrames()).isEqualTo(wholeFrames);

    io.audioinsight.audio.snr.SnrSums wholeSums = io.audioinsight.audio.snr.ActiveSpeechSnr.sums(whole.spectrogram(),
        io.audioinsight.audio.noise.NoiseFloor.track(whole.spectrogram(), Cancellation.NONE), whole.speechFrames(),
        from / 160, to / 160, Cancellation.NONE);
    var expectedSnr = io.audioinsight.audio.snr.ActiveSpeechSnr.fromSums(wholeSums);
    var rangeSnr = io.audioinsight.audio.snr.ActiveSpeechSnr.fromSums(range.snrSums());
    assertThat(range.snrSums().frames()).isEqualTo(wholeSums.frames());
    assertThat(rangeSnr.snrDb()).isCloseTo(expectedSnr.snrDb(), within(0.005));
    assertThat(rangeSnr.lowDb()).isCloseTo(expectedSnr.lowDb(), within(0.005));
    assertThat(rangeSnr.highDb()).isCloseTo(expectedSnr.highDb(), within(0.005));
  }

  @Test
  void theAlignmentGridIsTheLeastCommonMultipleOfTheTrackerSubWindowAndTheHop() {
    assertThat(SignalAnalyzer.alignment(512)).isEqualTo(12_800);
    assertThat(SignalAnalyzer.alignment(160)).isEqualTo(1_600);
    assertThat(SignalAnalyzer.alignment(480)).isEqualTo(4_800);
  }
}
