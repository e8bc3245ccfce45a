package io.audioinsight.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.decode.DurationProbe;
import io.audioinsight.audio.fixtures.FormatSamples;
import io.audioinsight.support.TestAudio;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AudioCostTest {

  @Test
  void theCostOfAPcmWavIsItsDurationFromTheHeader() {
    assertThat(AudioCost.seconds(Buffer.buffer(TestAudio.speechWav(3)), 600)).isCloseTo(3.0, within(1e-9));
    byte[] stereo48k = TestAudio.pcm16Wav(new float[48_000 * 2], 48_000, 2);
    assertThat(AudioCost.seconds(Buffer.buffer(stereo48k), 600)).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void chunksBeforeTheDataChunkAreSkippedAndAStreamingSizeMeansUpToTheEnd() {
    byte[] plain = TestAudio.speechWav(1);
    // RIFF header, fmt chunk (24 bytes), a 3-byte LIST chunk (padded to 4), then data with size 0xFFFFFFFF.
    ByteBuffer b = ByteBuffer.allocate(plain.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    b.put(plain, 0, 36);
    b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
    b.put("data".getBytes()).putInt(-1);
    b.put(plain, 44, plain.length - 44);
    assertThat(AudioCost.seconds(Buffer.buffer(b.array()), 600)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void aDataSizeLargerThanTheBodyCountsOnlyTheBytesPresent() {
    byte[] wav = TestAudio.speechWav(2);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 1_000_000_000);
    assertThat(AudioCost.seconds(Buffer.buffer(wav), 600)).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void bytesThatAreNotAWavCostTheirSizeAt16kHz16BitMono() {
    assertThat(AudioCost.seconds(Buffer.buffer(new byte[64_000]), 600)).isCloseTo(2.0, within(1e-9));
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void theCostOfACompressedFileIsTheDurationItsContainerStates(FormatSamples sample) {
    assertThat(AudioCost.seconds(Buffer.buffer(sample.bytes()), 600)).isCloseTo(FormatSamples.SECONDS, within(0.1));
  }

  @Test
  void aDecodeBombIsChargedTheDurationItDeclaresUpToTheCap() {
    assertThat(AudioCost.seconds(Buffer.buffer(FormatSamples.silenceFlac60s()), 600)).isCloseTo(60, within(0.01));
    assertThat(AudioCost.seconds(Buffer.buffer(FormatSamples.silenceOpus60s()), 600)).isCloseTo(60, within(0.1));
    assertThat(AudioCost.seconds(Buffer.buffer(FormatSamples.silenceOpus60s()), 5)).isEqualTo(5);
  }

  @Test
  void aCompressedFileThatStatesNoDurationIsEstimatedLongFromItsSize() {
    byte[] flac = FormatSamples.FLAC.bytes().clone();
    java.util.Arrays.fill(flac, 8 + 13, 8 + 18, (byte) 0); // STREAMINFO total samples 0: "unknown"
    flac[8 + 13] = (byte) (FormatSamples.FLAC.bytes()[8 + 13] & 0xf0);
    double estimate = AudioCost.seconds(Buffer.buffer(flac), 600);
    assertThat(estimate).isCloseTo(flac.length / DurationProbe.LOW_BYTES_PER_SECOND, within(1e-9))
        .isGreaterThan(FormatSamples.SECONDS);
  }

  @Test
  void theCostIsCappedAtTheLongestAudioTheEngineAccepts() {
    assertThat(AudioCost.seconds(Buffer.buffer(TestAudio.speechWav(3)), 1.5)).isEqualTo(1.5);
  }
}
