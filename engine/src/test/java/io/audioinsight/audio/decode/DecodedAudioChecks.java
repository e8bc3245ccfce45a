package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AudioFormatException;

/** The invariants every decode obeys, shared by the unit tests and the fuzz test. */
final class DecodedAudioChecks {

  static final double MAX_SECONDS = 600;

  private DecodedAudioChecks() {}

  /** Decodes {@code input}; an {@link AudioFormatException} is fine, any other throwable fails the caller. */
  static void decodeExpectingOnlyFormatErrors(byte[] input) {
    DecodedAudio audio;
    try {
      audio = WavDecoder.decode(input, MAX_SECONDS);
    } catch (AudioFormatException expected) {
      assertThat(expected.kind()).isNotNull();
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertSane(audio, input.length);
  }

  static void assertSane(DecodedAudio audio, int inputLength) {
    assertThat(audio.sampleRate()).isBetween(8_000, 192_000);
    assertThat(audio.channels()).isBetween(1, 32);
    assertThat(audio.bitsPerSample()).isIn(8, 16, 24, 32, 64);
    assertThat(audio.encoding()).isNotNull();
    assertThat(audio.samples().length).isLessThanOrEqualTo(inputLength);
    assertThat(audio.durationSeconds()).isEqualTo(audio.samples().length / (double) audio.sampleRate())
        .isLessThanOrEqualTo(MAX_SECONDS);
    for (float v : audio.samples()) {
      if (!(v >= -MonoSink.MAX_LEVEL && v <= MonoSink.MAX_LEVEL)) {
        throw new AssertionError("sample out of [-" + MonoSink.MAX_LEVEL + ", " + MonoSink.MAX_LEVEL + "]: " + v);
      }
    }
  }
}
