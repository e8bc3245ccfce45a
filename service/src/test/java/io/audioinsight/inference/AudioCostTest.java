package io.audioinsight.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.support.TestAudio;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

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

  @Test
  void theCostIsCappedAtTheLongestAudioTheEngineAccepts() {
    assertThat(AudioCost.seconds(Buffer.buffer(TestAudio.speechWav(3)), 1.5)).isEqualTo(1.5);
  }
}
