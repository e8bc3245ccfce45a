package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.audio.speakers.embedding.SpeakerModelUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakerEnginesTest {

  @TempDir
  Path dir;

  private Path corruptedModel() throws IOException {
    for (String name : new String[] {"speaker-embedding.onnx", "speaker-embedding.onnx.sha256", "speaker-embedding.json",
        "turn-changes.onnx", "turn-changes.onnx.sha256"}) {
      try (InputStream in = getClass().getResourceAsStream("/models/" + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    Path onnx = dir.resolve("speaker-embedding.onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[100] ^= 1;
    Files.write(onnx, bytes);
    return onnx;
  }

  @Test
  void autoUsesTheEmbeddingShippedInTheJar() {
    try (SpeakerEngines.Selection s = SpeakerEngines.select(SpeakerEngines.Engine.AUTO, Optional.empty())) {
      assertThat(s.counter().name()).isEqualTo("embedding");
      assertThat(s.explanation()).contains("clustering ahc-spectral, threshold 0.175 (narrowband speech 0.250)");
    }
  }

  @Test
  void classicNeedsNoModel() {
    try (SpeakerEngines.Selection s =
             SpeakerEngines.select(SpeakerEngines.Engine.CLASSIC, Optional.of(dir.resolve("missing.onnx")))) {
      assertThat(s.counter().name()).isEqualTo("classic");
    }
  }

  @Test
  void aCorruptedModelIsRefusedUnderAutoAndEmbedding() throws IOException {
    Path onnx = corruptedModel();
    for (SpeakerEngines.Engine engine : new SpeakerEngines.Engine[] {SpeakerEngines.Engine.AUTO,
        SpeakerEngines.Engine.EMBEDDING}) {
      assertThatThrownBy(() -> SpeakerEngines.select(engine, Optional.of(onnx)))
          .isInstanceOf(SpeakerModelUnavailableException.class).hasMessageContaining("failed its checksum");
    }
  }

  @Test
  void aConfiguredModelFileThatIsMissingIsRefusedEvenUnderAuto() {
    assertThatThrownBy(() -> SpeakerEngines.select(SpeakerEngines.Engine.AUTO, Optional.of(dir.resolve("x.onnx"))))
        .isInstanceOf(SpeakerModelUnavailableException.class).hasMessageContaining("not found");
  }

  @Test
  void engineNamesParseAndOthersAreRefusedNamingTheKey() {
    assertThat(SpeakerEngines.Engine.parse(" Embedding ")).isEqualTo(SpeakerEngines.Engine.EMBEDDING);
    assertThatThrownBy(() -> SpeakerEngines.Engine.parse("pyannote"))
        .hasMessage("speakers.engine must be one of auto, embedding, classic; got 'pyannote'");
  }
}
