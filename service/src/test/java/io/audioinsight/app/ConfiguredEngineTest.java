package io.audioinsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.audioinsight.audio.silero.SileroModel;
import io.audioinsight.config.ConfigException;
import io.audioinsight.config.VadConfig;
import org.junit.jupiter.api.Test;

class ConfiguredEngineTest {

  @Test
  void dspIsChosenWhenConfigured() {
    assertThat(ConfiguredEngine.create(new VadConfig("dsp", 512, 0.5)).vadEngine()).isEqualTo("dsp");
  }

  @Test
  void autoChoosesSileroWhenTheBuildPackedTheModel() {
    try (var model = SileroModel.fromClasspath().orElse(null)) {
      assumeTrue(model != null, "the build could not fetch the Silero model");
    }
    assertThat(ConfiguredEngine.create(new VadConfig("auto", 512, 0.5)).vadEngine()).isEqualTo("silero");
    assertThat(ConfiguredEngine.create(new VadConfig("silero", 512, 0.5)).vadEngine()).isEqualTo("silero");
  }

  @Test
  void anUnknownEngineIsAConfigErrorNamingTheKeyAndTheAllowedValues() {
    assertThatThrownBy(() -> ConfiguredEngine.create(new VadConfig("webrtc", 512, 0.5)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vad.engine")
        .hasMessageContaining("auto, silero, dsp");
  }
}
