package io.audioinsight;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.config.ConfigException;
import io.audioinsight.config.VadConfig;
import org.junit.jupiter.api.Test;

class EnginesTest {

  @Test
  void sileroIsAStartUpErrorSayingTheEngineIsNotInThisBuild() {
    assertThatThrownBy(() -> Engines.create(new VadConfig("silero", 512, 0.5)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vad.engine")
        .hasMessageContaining("silero engine is not available in this build");
  }
}
