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
}
