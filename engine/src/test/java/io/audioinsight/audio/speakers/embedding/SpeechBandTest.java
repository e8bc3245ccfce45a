package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.decode.TestWavs;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeechBandTest {

  @Test
  void noiseSampledAt8kHzAndDecodedTo16kHzIsNarrowband() {
    float[] decoded = AudioDecoder.decode(TestWavs.pcm16(8_000, noise(8_000 * 5)), 60, Cancellation.NONE).samples();
    assertThat(SpeechBand.of(decoded, Cancellation.NONE).narrowband()).isTrue();
  }

  @Test
  void noiseSampledAt16kHzIsWideband() {
    assertThat(SpeechBand.of(noise(16_000 * 5), Cancellation.NONE).narrowband()).isFalse();
  }

  @Test
  void digitalSilenceAndTooLittleSpeechAreNotCalledNarrowband() {
    assertThat(SpeechBand.of(new float[16_000], Cancellation.NONE).narrowband()).isFalse();
    assertThat(SpeechBand.of(new float[100], Cancellation.NONE)).isEqualTo(SpeechBand.Sums.NONE);
  }

  @Test
  void theSumsOfPartsAddUp() {
    SpeechBand.Sums a = new SpeechBand.Sums(1, 10);
    assertThat(a.plus(new SpeechBand.Sums(2, 30))).isEqualTo(new SpeechBand.Sums(3, 40));
  }

  private static float[] noise(int n) {
    Random r = new Random(7);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.1 * r.nextGaussian());
    }
    return x;
  }
}
