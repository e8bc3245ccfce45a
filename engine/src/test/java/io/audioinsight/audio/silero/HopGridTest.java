package io.audioinsight.audio.silero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HopGridTest {

  private static final float[] CHUNKS = {0.0f, 1.0f, 0.5f};

  @Test
  void hopOf512IsTheModelGrid() {
    assertThat(HopGrid.map(CHUNKS, 512, 1536, 512)).containsExactly(CHUNKS);
  }

  @Test
  void smallerHopRepeatsTheChunkItLiesIn() {
    float[] p = HopGrid.map(CHUNKS, 512, 1536, 256);
    assertThat(p).containsExactly(0f, 0f, 1f, 1f, 0.5f, 0.5f);
  }

  @Test
  void blockAcrossTwoChunksIsWeightedByOverlap() {
    // hop 160: block 3 covers [480, 640): 32 samples of chunk 0 (p=0) and 128 of chunk 1 (p=1)
    float[] p = HopGrid.map(CHUNKS, 512, 1536, 160);
    assertThat(p).hasSize(10); // ceil(1536 / 160)
    assertThat(p[3]).isCloseTo(128f / 160f, within(1e-6f));
    assertThat(p[9]).isCloseTo(0.5f, within(1e-6f)); // [1440, 1536), the partial last block
  }

  @Test
  void largerHopAveragesTheChunksItSpans() {
    float[] p = HopGrid.map(CHUNKS, 512, 1536, 1024);
    assertThat(p).hasSize(2);
    assertThat(p[0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(p[1]).isCloseTo(0.5f, within(1e-6f)); // the partial last block [1024, 1536) is all chunk 2
  }

  @Test
  void partialLastChunkGivesOneBlockPerStartedHop() {
    float[] p = HopGrid.map(new float[] {0.2f, 0.8f}, 512, 700, 320);
    assertThat(p).hasSize(3); // ceil(700 / 320)
    assertThat(p[0]).isCloseTo(0.2f, within(1e-6f));
    assertThat(p[1]).isCloseTo((192 * 0.2f + 128 * 0.8f) / 320f, within(1e-6f));
    assertThat(p[2]).isCloseTo(0.8f, within(1e-6f)); // [640, 700)
  }
}
