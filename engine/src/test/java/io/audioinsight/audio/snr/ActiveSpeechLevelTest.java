package io.audioinsight.audio.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.fixtures.SyntheticSignals;
import org.junit.jupiter.api.Test;

class ActiveSpeechLevelTest {

  private static final int RATE = 16_000;

  private static float[] sine(double amplitude, int samples) {
    float[] x = new float[samples];
    for (int i = 0; i < samples; i++) {
      x[i] = (float) (amplitude * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    return x;
  }

  @Test
  void aFullScaleSineReadsMinus3Dbfs() {
    assertThat(ActiveSpeechLevel.dbfs(sine(1.0, 4 * RATE), Cancellation.NONE)).isCloseTo(-3.01, within(0.1));
  }

  @Test
  void silenceAroundATonePausesTheMeasurementInsteadOfLoweringTheLevel() {
    float[] x = new float[12 * RATE];
    System.arraycopy(sine(0.1, 4 * RATE), 0, x, 4 * RATE, 4 * RATE);
    // the tone's own level (-23.01 dBFS), less the 200 ms hangover's share of the 4 s active (0.2 dB)
    assertThat(ActiveSpeechLevel.dbfs(x, Cancellation.NONE)).isCloseTo(-23.2, within(0.3));
  }

  @Test
  void sixDbMoreGainReadsSixDbHigher() {
    float[] speech = SyntheticSignals.speechLike(10 * RATE, new double[][] {{1, 4}, {5, 9}}, 3);
    float[] louder = speech.clone();
    for (int i = 0; i < louder.length; i++) {
      louder[i] *= 2;
    }
    double quiet = ActiveSpeechLevel.dbfs(speech, Cancellation.NONE);
    assertThat(ActiveSpeechLevel.dbfs(louder, Cancellation.NONE)).isCloseTo(quiet + 6.02, within(0.1));
  }

  @Test
  void digitalSilenceAndEmptyInputHaveNoLevel() {
    assertThat(ActiveSpeechLevel.dbfs(new float[RATE], Cancellation.NONE)).isNull();
    assertThat(ActiveSpeechLevel.dbfs(new float[0], Cancellation.NONE)).isNull();
  }

  @Test
  void theSumsOfConsecutivePiecesAddedUpGiveTheLevelOfTheWholeSignal() {
    // a 30 s signal cut in three at speech (not at pauses): only the envelope restarts at each cut
    float[] whole = SyntheticSignals.speechLike(30 * RATE, new double[][] {{1, 8}, {9, 17}, {18, 29}}, 5);
    ActiveSpeechLevel.Sums pooled = null;
    for (int from = 0; from < whole.length; from += 10 * RATE) {
      float[] piece = java.util.Arrays.copyOfRange(whole, from, Math.min(whole.length, from + 10 * RATE));
      ActiveSpeechLevel.Sums sums = ActiveSpeechLevel.measure(piece, Cancellation.NONE);
      pooled = pooled == null ? sums : pooled.plus(sums);
    }
    // measured 0.019 dB here (two cuts in 30 s, both inside speech): each piece's envelope starts from silence; on
    // a 10-minute file in 5 chunks the pooled level equals the whole file's to its 0.01 dB rounding
    // (JobsTenMinuteEqualityTest)
    assertThat(ActiveSpeechLevel.dbfs(pooled)).isCloseTo(ActiveSpeechLevel.dbfs(whole, Cancellation.NONE),
        within(0.03));
  }
}
