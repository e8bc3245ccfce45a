package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClusterCutTest {

  /** Unit vectors in three tight groups of 10, 10 and 1 points (a lone outlier), far apart. */
  private static Dendrogram threeGroups() {
    float[][] e = new float[21][3];
    for (int i = 0; i < 21; i++) {
      int g = i < 10 ? 0 : i < 20 ? 1 : 2;
      e[i][g] = 1f;
      e[i][(g + 1) % 3] = 0.01f * (i % 5);
      float norm = (float) Math.sqrt(e[i][0] * e[i][0] + e[i][1] * e[i][1] + e[i][2] * e[i][2]);
      for (int d = 0; d < 3; d++) {
        e[i][d] /= norm;
      }
    }
    return AverageLinkage.cluster(e, Cancellation.NONE);
  }

  private static int voices(int[] labels) {
    return Arrays.stream(labels).max().orElse(-1) + 1;
  }

  @Test
  void theThresholdSeparatesTheGroupsAndTheOutlierIsNotAVoice() {
    int[] v = ClusterCut.voices(threeGroups(), 0.5, 0.1, SpeakerHints.NONE);
    assertThat(voices(v)).isEqualTo(2);
    assertThat(v[20]).isEqualTo(-1);
    assertThat(v[0]).isNotEqualTo(v[10]);
  }

  @Test
  void withoutMinFracTheOutlierCounts() {
    assertThat(voices(ClusterCut.voices(threeGroups(), 0.5, 0.0, SpeakerHints.NONE))).isEqualTo(3);
  }

  @Test
  void numSpeakersCutsWhereThatManyVoicesRemain() {
    assertThat(voices(ClusterCut.voices(threeGroups(), 0.5, 0.1, new SpeakerHints(1, 0, 0)))).isEqualTo(1);
    assertThat(voices(ClusterCut.voices(threeGroups(), 0.5, 0.1, new SpeakerHints(3, 0, 0)))).isEqualTo(3);
    assertThat(voices(ClusterCut.voices(threeGroups(), 0.5, 0.1, new SpeakerHints(5, 0, 0)))).isEqualTo(5);
  }

  @Test
  void boundsMoveTheCutOnlyWhenTheCountIsOutside() {
    assertThat(voices(ClusterCut.voices(threeGroups(), 0.5, 0.1, new SpeakerHints(0, 1, 2)))).isEqualTo(2);
    assertThat(voices(ClusterCut.voices(threeGroups(), 0.5, 0.1, new SpeakerHints(0, 0, 1)))).isEqualTo(1);
    assertThat(voices(ClusterCut.voices(threeGroups(), 0.5, 0.1, new SpeakerHints(0, 4, 0)))).isEqualTo(4);
  }

  @Test
  void aHintAboveTheNumberOfWindowsGivesOneVoicePerWindow() {
    float[][] two = {{1, 0}, {0, 1}};
    int[] v = ClusterCut.voices(AverageLinkage.cluster(two, Cancellation.NONE), 0.5, 0.1, new SpeakerHints(4, 0, 0));
    assertThat(v).containsExactly(0, 1);
  }

  @Test
  void oneVoiceWhenNoClusterReachesMinFrac() {
    float[][] apart = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    int[] v = ClusterCut.voices(AverageLinkage.cluster(apart, Cancellation.NONE), 0.5, 0.5, SpeakerHints.NONE);
    assertThat(voices(v)).isEqualTo(1);
  }
}
