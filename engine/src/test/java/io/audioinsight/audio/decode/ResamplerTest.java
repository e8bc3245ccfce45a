package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.Cancellation;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {

  private static final int TARGET = 16_000;
  private static final double AMPLITUDE = 0.5;

  @Test
  void equalRatesReturnTheSameArray() {
    float[] x = TestWavs.tone(440, TARGET, 0.1, AMPLITUDE);
    assertThat(Resampler.toRate(x, TARGET, TARGET)).isSameAs(x);
  }

  @ParameterizedTest
  @CsvSource({"44100, 7000", "48000, 7000", "22050, 7000", "11025, 4000", "192000, 7000", "8000, 3000", "44101, 7000"})
  void passbandToneKeepsItsLevelWithinPointTwoDecibels(int fromRate, double hz) {
    float[] y = Resampler.toRate(TestWavs.tone(hz, fromRate, 2.0, AMPLITUDE), fromRate, TARGET);

    assertThat(levelDb(y)).isCloseTo(20 * Math.log10(AMPLITUDE / Math.sqrt(2)), within(0.2));
  }

  @ParameterizedTest
  @CsvSource({"44100, 10000", "48000, 10000", "44100, 9000", "96000, 12000", "192000, 40000", "44101, 10000"})
  void toneAboveTheTargetNyquistIsSuppressedByAtLeastFiftyDecibels(int fromRate, double hz) {
    float[] y = Resampler.toRate(TestWavs.tone(hz, fromRate, 2.0, AMPLITUDE), fromRate, TARGET);

    double inputDb = 20 * Math.log10(AMPLITUDE / Math.sqrt(2));
    assertThat(levelDb(y) - inputDb).isLessThan(-50);
  }

  @Test
  void upsamplingFromEightKilohertzLeavesNoImageAboveFourKilohertz() {
    float[] x = TestWavs.tone(3000, 8_000, 2.0, AMPLITUDE);
    float[] y = Resampler.toRate(x, 8_000, TARGET);
    float[] ideal = TestWavs.tone(3000, TARGET, 2.0, AMPLITUDE);

    // the only content should be the 3 kHz tone itself: the difference from an ideal 16 kHz tone is the image
    float[] residual = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      residual[i] = y[i] - ideal[i];
    }
    assertThat(levelDb(residual) - levelDb(ideal)).isLessThan(-50);
  }

  @Test
  void awkwardRatesUseTheInterpolatedFilterAndStillWork() {
    assertThat(Resampler.filter(44_101, TARGET).interpolated).isTrue();
    assertThat(Resampler.filter(44_100, TARGET).interpolated).isFalse();
    assertThat(Resampler.filter(44_100, TARGET).up).isEqualTo(160);
    assertThat(Resampler.filter(44_100, TARGET).down).isEqualTo(441);
  }

  @Test
  void constantSignalKeepsItsValueAwayFromTheEdges() {
    float[] x = new float[44_100];
    java.util.Arrays.fill(x, 0.25f);
    float[] y = Resampler.toRate(x, 44_100, TARGET);
    for (int i = 100; i < y.length - 100; i++) {
      assertThat((double) y[i]).isCloseTo(0.25, within(1e-5));
    }
  }

  @ParameterizedTest
  @CsvSource({"44100, 1000, 363", "44100, 441, 160", "8000, 5, 10", "48000, 0, 0", "48000, 1, 1", "11025, 11025, 16000"})
  void outputLengthIsTheInputDurationRoundedUp(int fromRate, int inLength, int expected) {
    assertThat(Resampler.toRate(new float[inLength], fromRate, TARGET)).hasSize(expected);
  }

  @Test
  void resamplingIsDeterministicAcrossThreads() throws Exception {
    float[] x = TestWavs.tone(1234, 48_000, 1.0, AMPLITUDE);
    float[] expected = Resampler.toRate(x, 48_000, TARGET);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> Resampler.toRate(x, 48_000, TARGET)));
      }
      for (java.util.concurrent.Future<float[]> r : results) {
        assertThat(r.get()).containsExactly(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancelledBeforeStartingThrowsAtOnce() {
    float[] x = new float[48_000];
    assertThatThrownBy(() -> Resampler.toRate(x, 48_000, TARGET, () -> true))
        .isInstanceOf(AnalysisCancelledException.class);
  }

  @Test
  void cancellationIsCheckedEveryBlockAndStopsTheWork() {
    float[] x = new float[60 * 44_100];
    AtomicInteger checks = new AtomicInteger();
    Cancellation cancelOnThirdCheck = () -> checks.incrementAndGet() >= 3;

    assertThatThrownBy(() -> Resampler.toRate(x, 44_100, TARGET, cancelOnThirdCheck))
        .isInstanceOf(AnalysisCancelledException.class);
    assertThat(checks.get()).isEqualTo(3);

    AtomicInteger total = new AtomicInteger();
    Resampler.toRate(x, 44_100, TARGET, () -> total.incrementAndGet() < 0);
    assertThat(total.get()).as("checks over 60 s of output").isGreaterThan(100);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 7_999, 192_001})
  void ratesOutsideEightToOneNinetyTwoKilohertzAreRejected(int rate) {
    assertThatThrownBy(() -> Resampler.toRate(new float[10], rate, TARGET)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resampler.toRate(new float[10], TARGET, rate)).isInstanceOf(IllegalArgumentException.class);
  }

  /** RMS level in dB of the middle of {@code y}, away from the filter's start-up and tail. */
  private static double levelDb(float[] y) {
    int from = y.length / 4;
    int to = y.length - y.length / 4;
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) y[i] * y[i];
    }
    return 10 * Math.log10(sum / (to - from) + 1e-30);
  }
}
