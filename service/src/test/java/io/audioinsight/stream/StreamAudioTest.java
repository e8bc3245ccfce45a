package io.audioinsight.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamAudioTest {

  private static byte[] joined(StreamAudio audio) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long left = audio.length();
    for (byte[] block : audio.blocks()) {
      int n = (int) Math.min(left, block.length);
      out.write(block, 0, n);
      left -= n;
    }
    return out.toByteArray();
  }

  @Test
  void messagesOfAnySizeAreKeptInOrderByteForByte() {
    Random random = new Random(7);
    StreamAudio audio = new StreamAudio();
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    for (int size : new int[] {1, 3, 70_000, 65_536, 0, 131_072, 5, 65_531}) {
      byte[] part = new byte[size];
      random.nextBytes(part);
      audio.add(part);
      sent.write(part, 0, size);
    }
    assertThat(audio.length()).isEqualTo(sent.size());
    assertThat(joined(audio)).isEqualTo(sent.toByteArray());
  }

  @Test
  void oneByteMessagesShareBlocksInsteadOfAnArrayEach() {
    StreamAudio audio = new StreamAudio();
    for (int i = 0; i < 100_000; i++) {
      audio.add(new byte[] {(byte) i});
    }
    assertThat(audio.length()).isEqualTo(100_000);
    assertThat(audio.blocks()).hasSize(2); // 100,000 bytes in 64 KiB blocks
    assertThat(joined(audio)[99_999]).isEqualTo((byte) 99_999);
  }

  @Test
  void movingTheAudioIntoTheSummaryLetsGoOfEveryBlock() {
    Random random = new Random(9);
    StreamAudio audio = new StreamAudio();
    byte[] sent = new byte[200_001];
    random.nextBytes(sent);
    audio.add(sent);
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(200_000);
    audio.moveInto(out, 200_000); // whole sample frames only: the last byte is left out
    assertThat(out.array()).isEqualTo(java.util.Arrays.copyOf(sent, 200_000));
    assertThat(audio.blocks()).hasSize(4).containsOnlyNulls();
  }
}
