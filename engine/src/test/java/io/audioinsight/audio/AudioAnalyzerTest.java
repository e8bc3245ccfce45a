package io.audioinsight.audio;

import io.audioinsight.audio.decode.TestWavs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.decode.Resampler;
import io.audioinsight.audio.vad.DspVad;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AudioAnalyzerTest {

  private final AudioAnalyzer analyzer = new AudioAnalyzer(new DspVad());

  /** 16-bit PCM WAV of {@code channels} identical channels. */
  static byte[] wav(float[] x, int rate, int channels) {
    float[][] copies = new float[channels][];
    java.util.Arrays.fill(copies, x);
    return TestWavs.write(TestWavs.Format.PCM_16, rate, copies);
  }

  private static AnalysisParams params(Operation operation) {
    return AnalysisParams.defaults(operation, 3600);
  }

  @Test
  void analysesSpeechInNoiseFromWavBytes() {
    AnalysisResult r = analyzer.analyze(wav(TestAudio.speechInWhiteNoise(10, 31), 16_000, 1), params(Operation.SNR),
        Cancellation.NONE);
    assertThat(r.durationS()).isEqualTo(20.0);
    assertThat(r.sampleRate()).isEqualTo(16_000);
    assertThat(r.channels()).isEqualTo(1);
    assertThat(r.snr().snrDb()).isCloseTo(10.0, within(1.0));
    assertThat(r.snr().speechSegments()).hasSize(TestAudio.UTTERANCES.length);
    assertThat(r.speakers()).isNull();
    assertThat(r.timings().decodeMs()).isPositive();
    assertThat(r.timings().spectrogramMs()).isPositive();
    assertThat(r.timings().vadMs()).isPositive();
    assertThat(r.timings().snrMs()).isPositive();
  }

  @Test
  void resamplesOtherRatesAndMixesChannelsFirst() {
    float[] x44 = Resampler.toRate(TestAudio.speechInWhiteNoise(20, 32), 16_000, 44_100);
    AnalysisResult r = analyzer.analyze(wav(x44, 44_100, 2), params(Operation.SNR), Cancellation.NONE);
    assertThat(r.sampleRate()).isEqualTo(44_100);
    assertThat(r.channels()).isEqualTo(2);
    assertThat(r.snr().snrDb()).isCloseTo(20.0, within(1.0));
  }

  @Test
  void speakerOnlyOperationSkipsTheSnrStages() {
    AnalysisResult r = analyzer.analyze(wav(TestAudio.speech(), 16_000, 1), params(Operation.SPEAKERS), Cancellation.NONE);
    assertThat(r.snr()).isNull();
    assertThat(r.timings().snrMs()).isZero();
    assertThat(r.speakers()).isNotNull(); // the speaker stage needs the VAD, so that still runs
  }

  @Test
  void emptyAndVeryShortAudioGiveNoSegmentsAndNoSnr() {
    for (float[] x : List.of(new float[0], new float[1], SyntheticSignals.whiteNoise(200, 0.1, 33))) {
      AnalysisResult r = analyzer.analyze(wav(x, 16_000, 1), params(Operation.ANALYZE), Cancellation.NONE);
      assertThat(r.snr().speechSegments()).isEmpty();
      assertThat(r.snr().snrDb()).isNull();
      assertThat(r.snr().speechRatio()).isZero();
    }
  }

  @Test
  void digitalSilenceHasNoSpeech() {
    AnalysisResult r = analyzer.analyze(wav(new float[5 * 16_000], 16_000, 1), params(Operation.ANALYZE), Cancellation.NONE);
    assertThat(r.snr().speechSegments()).isEmpty();
    assertThat(r.snr().speechRatio()).isZero();
    assertThat(r.snr().snrDb()).isNull();
    assertThat(r.snr().globalSnrDb()).isNull();
  }

  @Test
  void cancellationStopsTheWorkEarlyWithTheTypedException() {
    byte[] tenMinutes = wav(SyntheticSignals.whiteNoise(600 * 16_000, 0.1, 34), 16_000, 1);
    AtomicInteger checks = new AtomicInteger();
    Cancellation flipsAfterFiveChecks = () -> checks.incrementAndGet() > 5;
    assertThatThrownBy(() -> analyzer.analyze(tenMinutes, params(Operation.ANALYZE), flipsAfterFiveChecks))
        .isInstanceOf(AnalysisCancelledException.class);
    // the first check after the flip threw: nothing ran on
    assertThat(checks.get()).isEqualTo(6);
  }

  @Test
  void sameInputFromEightThreadsAtOnceGivesIdenticalResults() throws Exception {
    byte[] input = wav(TestAudio.speechInWhiteNoise(5, 35), 16_000, 1);
    SnrResult expected = analyzer.analyze(input, params(Operation.SNR), Cancellation.NONE).snr();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<SnrResult>> jobs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        jobs.add(() -> analyzer.analyze(input, params(Operation.SNR), Cancellation.NONE).snr());
      }
      for (Future<SnrResult> f : pool.invokeAll(jobs)) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void malformedInputIsAnAudioFormatException() {
    assertThatThrownBy(() -> analyzer.analyze("not a wav".getBytes(), params(Operation.SNR), Cancellation.NONE))
        .isInstanceOf(AudioFormatException.class);
  }
}
