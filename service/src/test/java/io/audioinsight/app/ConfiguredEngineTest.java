package io.audioinsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.silero.SileroModel;
import io.audioinsight.config.ConfigException;
import io.audioinsight.config.SpeakersConfig;
import io.audioinsight.config.VadConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void theSpeakerEngineDefaultsToTheEmbeddingShippedInTheJar() {
    Analyzer analyzer = ConfiguredEngine.create(new VadConfig("dsp", 512, 0.5), new SpeakersConfig("auto", ""));
    assertThat(analyzer.speakerEngine()).isEqualTo("embedding");
    assertThat(ConfiguredEngine.create(new VadConfig("dsp", 512, 0.5), new SpeakersConfig("classic", ""))
        .speakerEngine()).isEqualTo("classic");
  }

  @Test
  void aCorruptedSpeakerModelIsRefusedAtStartUpWithAClearMessage(@TempDir Path dir) throws IOException {
    for (String name : new String[] {"speaker-embedding.onnx", "speaker-embedding.onnx.sha256",
        "speaker-embedding.json",
        "turn-changes.onnx", "turn-changes.onnx.sha256"}) {
      try (InputStream in = getClass().getResourceAsStream("/models/" + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    Path onnx = dir.resolve("speaker-embedding.onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[bytes.length - 10] ^= 0x10;
    Files.write(onnx, bytes);
    for (String engine : new String[] {"auto", "embedding"}) {
      assertThatThrownBy(() -> ConfiguredEngine.create(new VadConfig("dsp", 512, 0.5),
          new SpeakersConfig(engine, onnx.toString())))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("config key speakers.engine=" + engine + ", speakers.model=" + onnx
              + ": speaker-embedding model " + onnx + " failed its checksum");
    }
  }

  @Test
  void anUnknownSpeakerEngineIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> ConfiguredEngine.create(new VadConfig("dsp", 512, 0.5), new SpeakersConfig("bic", "")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key speakers.engine must be one of auto, embedding, classic; got 'bic'");
  }

  @Test
  void anUnknownEngineIsAConfigErrorNamingTheKeyAndTheAllowedValues() {
    assertThatThrownBy(() -> ConfiguredEngine.create(new VadConfig("webrtc", 512, 0.5)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vad.engine")
        .hasMessageContaining("auto, silero, dsp");
  }
}
