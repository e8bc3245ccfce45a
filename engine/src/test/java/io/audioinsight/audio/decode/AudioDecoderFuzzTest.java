package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.Cancellation;

/**
 * Jazzer fuzz tests of the compressed-format decoders, one per container so that each gets its own seeds and its
 * own execution count: for any bytes a decoder either returns sane 16 kHz audio or throws
 * {@link AudioFormatException}. Another exception, a hang, an Error (OutOfMemoryError from a size in the file)
 * or a non-finite sample is a finding. The last target goes through the sniffer, as a request does.
 *
 * <p>{@code mvn verify} replays the committed inputs in
 * {@code src/test/resources/io/audioinsight/audio/decode/AudioDecoderFuzzTestInputs/<method>/} (valid files of
 * each format, made with ffmpeg from espeak-ng speech, and past findings: {@code crash-*} threw or ran out of
 * memory, {@code timeout-*} took seconds). {@code scripts/fuzz.sh} fuzzes for real, with a per-input time limit.
 */
class AudioDecoderFuzzTest {

  /**
   * Longer than every seed (at most 0.9 s); a mutated input that decodes to more stops here, on the product's own
   * 413 path. Short, because the decode is the cost of an execution: an Opus or AAC packet of a few bytes decodes to
   * tens of milliseconds, so a few KiB of them reached the old 30 s limit at tens of executions per second.
   */
  private static final double MAX_SECONDS = 2;

  @FuzzTest(maxDuration = "5m")
  void flacDecodesOrThrowsAudioFormatException(byte[] input) {
    decodeAs(Container.FLAC, input);
  }

  @FuzzTest(maxDuration = "5m")
  void mp3DecodesOrThrowsAudioFormatException(byte[] input) {
    decodeAs(Container.MP3, input);
  }

  @FuzzTest(maxDuration = "5m")
  void oggDecodesOrThrowsAudioFormatException(byte[] input) {
    decodeAs(Container.OGG, input);
  }

  @FuzzTest(maxDuration = "5m")
  void matroskaDecodesOrThrowsAudioFormatException(byte[] input) {
    decodeAs(Container.MATROSKA, input);
  }

  @FuzzTest(maxDuration = "5m")
  void mp4DecodesOrThrowsAudioFormatException(byte[] input) {
    decodeAs(Container.MP4, input);
  }

  @FuzzTest(maxDuration = "5m")
  void anyInputIsSniffedAndDecodedOrThrowsAudioFormatException(byte[] input) {
    try {
      checkSane(AudioDecoder.decode(input, MAX_SECONDS, Cancellation.NONE));
    } catch (AudioFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static void decodeAs(Container container, byte[] input) {
    try {
      checkSane(AudioDecoder.decodeAs(container, input, 0, MAX_SECONDS, Cancellation.NONE));
    } catch (AudioFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /**
   * The largest 16 kHz sample a damaged stream can yield: MonoSink clamps each decoded sample to +-2, and the
   * resampler's worst-case gain (the largest sum of |coefficients| over a polyphase row) is under 2.51 at every rate
   * (2.50 upsampling from below 16 kHz, 1.73-2.00 downsampling). Found by fuzzing: an AAC stream of wild values
   * reached -4.14 after the 44.1 kHz filter, past the 4 this test first assumed.
   */
  private static final float MAX_SAMPLE = 5.01f;

  private static void checkSane(DecodedSignal decoded) {
    assertThat(decoded.samples().length).isLessThanOrEqualTo((int) (MAX_SECONDS * AudioDecoder.RATE) + 16);
    for (float v : decoded.samples()) {
      if (!Float.isFinite(v) || Math.abs(v) > MAX_SAMPLE) {
        throw new AssertionError("sample out of range: " + v);
      }
    }
  }
}
