package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.fixtures.FormatSamples;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link AudioDecoder#decodeTo}: the same samples as {@link AudioDecoder#decode}, delivered block by block. */
class StreamingDecodeTest {

  /** Collects the streamed blocks. */
  private static final class Collected implements SampleConsumer {
    float[] all = new float[0];
    int blocks;

    @Override
    public void accept(float[] samples, int offset, int length) {
      float[] grown = Arrays.copyOf(all, all.length + length);
      System.arraycopy(samples, offset, grown, all.length, length);
      all = grown;
      blocks++;
    }
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void everyFormatStreamsExactlyTheSamplesOfAWholeDecode(FormatSamples format) {
    DecodedSignal whole = AudioDecoder.decode(format.bytes(), 60, Cancellation.NONE);
    Collected collected = new Collected();
    DecodedSignal streamed = AudioDecoder.decodeTo(format.bytes(), 60, Cancellation.NONE, collected);
    assertThat(collected.all.length).isEqualTo(whole.samples().length);
    if (format != FormatSamples.MP4_AAC) {
      // JAAD's AAC output differs slightly between two decodes of the same file in one JVM (two whole decodes
      // disagree too), so for AAC only the length is compared.
      assertThat(Arrays.equals(collected.all, whole.samples())).as("the streamed samples equal the whole decode")
          .isTrue();
    }
    assertThat(streamed.samples()).isEmpty();
    assertThat(streamed.format()).isEqualTo(whole.format());
    assertThat(streamed.durationSeconds()).isEqualTo(whole.durationSeconds());
  }

  @Test
  void aStreamingDecodeStopsAtTheDurationLimitLikeAWholeOne() {
    assertThatThrownBy(() -> AudioDecoder.decodeTo(FormatSamples.silenceFlac60s(), 5, Cancellation.NONE,
        (s, o, n) -> {}))
        .isInstanceOfSatisfying(AudioFormatException.class,
            e -> assertThat(e.kind()).isEqualTo(AudioFormatException.Kind.TOO_LONG));
  }
}
