package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The optional "threshold_narrowband" key of speaker-embedding.json. */
class CountingParametersNarrowbandTest {

  private static final String BASE = "\"threshold\": 0.2, \"min_frac\": 0.1, \"window_s\": 1.5, \"hop_s\": 0.75";

  @Test
  void withoutTheKeyNarrowbandSpeechIsCountedWithTheWidebandThreshold() {
    CountingParameters p = CountingParameters.parse("{" + BASE + "}", "x");
    assertThat(p.narrowbandThreshold()).isEqualTo(0.2);
    assertThat(p.forNarrowband()).isEqualTo(p);
  }

  @Test
  void withTheKeyNarrowbandSpeechGetsItsOwnThresholdAndEverythingElseStays() {
    CountingParameters p = CountingParameters.parse("{" + BASE + ", \"threshold_narrowband\": 0.25, "
        + "\"clustering\": \"ahc-spectral\", \"resegmentation\": \"mfcc\"}", "x");
    assertThat(p.threshold()).isEqualTo(0.2);
    assertThat(p.narrowbandThreshold()).isEqualTo(0.25);
    assertThat(p.forNarrowband()).isEqualTo(new CountingParameters(0.25, 0.1, 1.5, 0.75, ClusteringRule.AHC_SPECTRAL,
        true, 0.25));
    assertThat(p.withClustering(ClusteringRule.AHC).narrowbandThreshold()).isEqualTo(0.25);
    assertThat(p.withMfccResegmentation(false).narrowbandThreshold()).isEqualTo(0.25);
  }

  @Test
  void aNarrowbandThresholdOutOfRangeIsRefusedNamingTheFileAndTheKey() {
    assertThatThrownBy(() -> CountingParameters.parse("{" + BASE + ", \"threshold_narrowband\": 1.5}", "m.json"))
        .isInstanceOf(SpeakerModelUnavailableException.class)
        .hasMessageContaining("m.json").hasMessageContaining("threshold_narrowband must be in (-1, 1), got 1.5");
  }

  @Test
  void aNarrowbandThresholdThatIsNotANumberIsRefused() {
    assertThatThrownBy(() -> CountingParameters.parse("{" + BASE + ", \"threshold_narrowband\": \"x\"}", "m.json"))
        .isInstanceOf(SpeakerModelUnavailableException.class).hasMessageContaining("threshold_narrowband");
  }
}
