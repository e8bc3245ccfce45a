package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.audioinsight.audio.silero.SileroModel;
import org.junit.jupiter.api.Test;

class EnginesTest {

  @Test
  void theDspEngineIsAvailableByName() {
    assertThat(Engines.byName("dsp").vadEngine()).isEqualTo("dsp");
    assertThat(Engines.dsp().vadEngine()).isEqualTo("dsp");
  }

  @Test
  void theSileroEngineIsAvailableByNameWhenTheBuildHasTheModel() {
    assumeTrue(SileroModel.fromClasspath().isPresent(), "Silero model not in this build");
    assertThat(Engines.byName("silero").vadEngine()).isEqualTo("silero");
    assertThat(Engines.defaultEngine().vadEngine()).isEqualTo("silero");
  }

  @Test
  void unknownEngineNamesAreRefusedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> Engines.byName("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, silero, dsp");
  }
}
