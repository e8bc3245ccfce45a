package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The optional "resegmentation" key of speaker-embedding.json. */
class CountingParametersResegmentationTest {

  private static final String BASE = "\"threshold\": 0.2, \"min_frac\": 0.1, \"window_s\": 1.5, \"hop_s\": 0.75";

  @Test
  void withoutTheKeyThereIsNoResegmentation() {
    assertThat(CountingParameters.parse("{" + BASE + "}", "x").mfccResegmentation()).isFalse();
  }

  @Test
  void mfccTurnsItOnAndNoneOff() {
    assertThat(CountingParameters.parse("{" + BASE + ", \"resegmentation\": \"mfcc\"}", "x").mfccResegmentation())
        .isTrue();
    assertThat(CountingParameters.parse("{\"resegmentation\" : \"none\", " + BASE + "}", "x").mfccResegmentation())
        .isFalse();
  }

  @Test
  void anUnknownValueIsRefusedNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> CountingParameters.parse("{" + BASE + ", \"resegmentation\": \"hmm\"}", "m.json"))
        .isInstanceOf(SpeakerModelUnavailableException.class)
        .hasMessageContaining("m.json").hasMessageContaining("\"none\" or \"mfcc\"").hasMessageContaining("hmm");
  }

  @Test
  void aValueThatIsNotAStringIsRefused() {
    assertThatThrownBy(() -> CountingParameters.parse("{" + BASE + ", \"resegmentation\": true}", "m.json"))
        .isInstanceOf(SpeakerModelUnavailableException.class).hasMessageContaining("resegmentation must be the string");
  }

  @Test
  void theShippedModelResegmentsOnMfcc() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/models/speaker-embedding.json")) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(CountingParameters.parse(json, "shipped").mfccResegmentation()).isTrue();
    }
  }

  @Test
  void switchingItKeepsTheOtherParameters() {
    CountingParameters p = new CountingParameters(0.2, 0.1, 1.5, 0.75, ClusteringRule.SPECTRAL);
    assertThat(p.withMfccResegmentation(true))
        .isEqualTo(new CountingParameters(0.2, 0.1, 1.5, 0.75, ClusteringRule.SPECTRAL, true));
    assertThat(p.withMfccResegmentation(true).withClustering(ClusteringRule.AHC).mfccResegmentation()).isTrue();
  }
}
