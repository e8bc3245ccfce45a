package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The optional "clustering" key of speaker-embedding.json. */
class CountingParametersClusteringTest {

  private static final String BASE = "\"threshold\": 0.2, \"min_frac\": 0.1, \"window_s\": 1.5, \"hop_s\": 0.75";

  @Test
  void withoutTheKeyTheRuleIsAhc() {
    assertThat(CountingParameters.parse("{" + BASE + "}", "x").clustering()).isEqualTo(ClusteringRule.AHC);
  }

  @Test
  void theKeyNamesTheRule() {
    assertThat(CountingParameters.parse("{" + BASE + ", \"clustering\": \"spectral\"}", "x").clustering())
        .isEqualTo(ClusteringRule.SPECTRAL);
    assertThat(CountingParameters.parse("{\"clustering\" : \"ahc\", " + BASE + "}", "x").clustering())
        .isEqualTo(ClusteringRule.AHC);
    assertThat(CountingParameters.parse("{" + BASE + ", \"clustering\": \"ahc-spectral\"}", "x").clustering())
        .isEqualTo(ClusteringRule.AHC_SPECTRAL);
  }

  @Test
  void anUnknownRuleIsRefusedNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> CountingParameters.parse("{" + BASE + ", \"clustering\": \"kmeans\"}", "m.json"))
        .isInstanceOf(SpeakerModelUnavailableException.class)
        .hasMessageContaining("m.json").hasMessageContaining("\"ahc\", \"spectral\" or \"ahc-spectral\"").hasMessageContaining("kmeans");
  }

  @Test
  void aRuleThatIsNotAStringIsRefused() {
    assertThatThrownBy(() -> CountingParameters.parse("{" + BASE + ", \"clustering\": 2}", "m.json"))
        .isInstanceOf(SpeakerModelUnavailableException.class).hasMessageContaining("clustering must be the string");
  }

  @Test
  void withClusteringKeepsTheOtherParameters() {
    CountingParameters p = new CountingParameters(0.2, 0.1, 1.5, 0.75).withClustering(ClusteringRule.SPECTRAL);
    assertThat(p).isEqualTo(new CountingParameters(0.2, 0.1, 1.5, 0.75, ClusteringRule.SPECTRAL));
  }
}
