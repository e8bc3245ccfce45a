package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakerEmbeddingModelTest {

  @TempDir
  Path dir;

  static byte[] resource(String name) throws IOException {
    try (InputStream in = SpeakerEmbeddingModelTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static float[] floats(String name) throws IOException {
    FloatBuffer fb = ByteBuffer.wrap(resource(name)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  /** The shipped model's files (with its turn-change detector's) copied into {@code dir}; returns the .onnx path. */
  static Path copyShippedModel(Path dir) throws IOException {
    for (String name : new String[] {"speaker-embedding.onnx", "speaker-embedding.onnx.sha256", "speaker-embedding.json",
        "turn-changes.onnx", "turn-changes.onnx.sha256"}) {
      Files.write(dir.resolve(name), resource("/models/" + name));
    }
    return dir.resolve("speaker-embedding.onnx");
  }

  /**
   * The export script's reference input and output (test resources, with the sha256 of the model they belong
   * to): ONNX Runtime in Java must reproduce torch's embedding. When a new model is installed without its
   * reference vectors the test is skipped, saying so.
   */
  @Test
  void theShippedModelGivesTheTrainingScriptsReferenceEmbedding() throws IOException {
    String refModel = new String(resource("/speaker-embedding/speaker-embedding.onnx.sha256")).strip().split("\\s+")[0];
    String shipped = new String(resource("/models/speaker-embedding.onnx.sha256")).strip().split("\\s+")[0];
    assumeTrue(refModel.equals(shipped), "the reference vectors in src/test/resources/speaker-embedding/ belong to "
        + "another model (" + refModel + "); copy the new model's .ref_in.f32, .ref_out.f32 and .sha256 there");
    float[] in = floats("/speaker-embedding/speaker-embedding.onnx.ref_in.f32");
    float[] expected = floats("/speaker-embedding/speaker-embedding.onnx.ref_out.f32");
    try (SpeakerEmbeddingModel model = SpeakerEmbeddingModel.fromClasspath()) {
      float[] actual = model.embed(in, 0, in.length);
      assertThat(model.dimension()).isEqualTo(128);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).as("dimension %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void theShippedCountingParametersAreReadFromItsJson() throws IOException {
    CountingParameters expected = CountingParameters.parse(new String(resource("/models/speaker-embedding.json")), "x");
    try (SpeakerEmbeddingModel model = SpeakerEmbeddingModel.fromClasspath()) {
      assertThat(model.counting()).isEqualTo(expected);
      assertThat(model.counting().threshold()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void theCalibrationScriptsJsonWithItsExtraKeysIsRead() {
    CountingParameters p = CountingParameters.parse("{\n \"threshold\": 0.25,\n \"min_frac\": 0.1,\n \"window_s\": 1.5,\n"
        + " \"hop_s\": 0.75,\n \"embedding_dim\": 128,\n \"sample_rate\": 16000\n}", "release");
    assertThat(p).isEqualTo(new CountingParameters(0.25, 0.1, 1.5, 0.75));
  }

  @Test
  void aModelDirectoryWithTheThreeFilesLoads() throws IOException {
    try (SpeakerEmbeddingModel model = SpeakerEmbeddingModel.load(copyShippedModel(dir))) {
      assertThat(model.origin()).endsWith("speaker-embedding.onnx");
    }
  }

  @Test
  void aCorruptedModelFileIsRefusedByItsChecksumWithAClearMessage() throws IOException {
    Path onnx = copyShippedModel(dir);
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(onnx, bytes);
    assertThatThrownBy(() -> SpeakerEmbeddingModel.load(onnx))
        .isInstanceOfSatisfying(SpeakerModelUnavailableException.class, e -> assertThat(e.absent()).isFalse())
        .hasMessageContaining("failed its checksum").hasMessageContaining(onnx.toString());
  }

  @Test
  void aCorruptedTurnChangeModelIsRefusedAtLoadNamingTheFile() throws IOException {
    Path onnx = copyShippedModel(dir);
    Path detector = dir.resolve("turn-changes.onnx");
    byte[] bytes = Files.readAllBytes(detector);
    bytes[bytes.length / 2] ^= 1;
    Files.write(detector, bytes);
    assertThatThrownBy(() -> SpeakerEmbeddingModel.load(onnx))
        .isInstanceOfSatisfying(SpeakerModelUnavailableException.class, e -> assertThat(e.absent()).isFalse())
        .hasMessageContaining("turn-change model").hasMessageContaining("failed its checksum")
        .hasMessageContaining(detector.toString());
  }

  @Test
  void aMissingTurnChangeModelIsNamed() throws IOException {
    Path onnx = copyShippedModel(dir);
    Files.delete(dir.resolve("turn-changes.onnx"));
    assertThatThrownBy(() -> SpeakerEmbeddingModel.load(onnx))
        .isInstanceOf(SpeakerModelUnavailableException.class)
        .hasMessageContaining(dir.resolve("turn-changes.onnx").toString());
  }

  @Test
  void aTurnChangeModelOutsideTheModelsFolderIsRefused() throws IOException {
    Path onnx = copyShippedModel(dir);
    Path json = dir.resolve("speaker-embedding.json");
    Files.writeString(json, Files.readString(json).replace("\"turn-changes.onnx\"", "\"../turn-changes.onnx\""));
    assertThatThrownBy(() -> SpeakerEmbeddingModel.load(onnx))
        .isInstanceOf(SpeakerModelUnavailableException.class)
        .hasMessageContaining("expected a file name ending in .onnx beside the model");
  }

  @Test
  void aTurnChangeLevelWithoutATurnChangeModelIsRefused() throws IOException {
    assertParametersRefused(
        "{\"threshold\": 0.3, \"min_frac\": 0.1, \"window_s\": 1.5, \"hop_s\": 0.75, \"turn_change_level\": 0.8}",
        "name no \"turn_changes\" model");
  }

  @Test
  void aTurnChangeLevelOfOneOrMoreIsRefused() throws IOException {
    Path onnx = copyShippedModel(dir);
    Path json = dir.resolve("speaker-embedding.json");
    Files.writeString(json, Files.readString(json).replace("\"turn_change_level\": 0.85", "\"turn_change_level\": 1.5"));
    assertThatThrownBy(() -> SpeakerEmbeddingModel.load(onnx))
        .isInstanceOf(SpeakerModelUnavailableException.class).hasMessageContaining("turn_change_level must be in [0, 1)");
  }

  @Test
  void aFileThatIsNotAnOnnxModelIsRefusedEvenWithAMatchingChecksum() throws IOException {
    Path onnx = copyShippedModel(dir);
    byte[] junk = "not a model".getBytes();
    Files.write(onnx, junk);
    Files.writeString(dir.resolve("speaker-embedding.onnx.sha256"),
        io.audioinsight.audio.silero.ModelChecksum.sha256Hex(junk) + "  speaker-embedding.onnx\n");
    assertThatThrownBy(() -> SpeakerEmbeddingModel.load(onnx))
        .isInstanceOf(SpeakerModelUnavailableException.class).hasMessageContaining("cannot load");
  }

  @Test
  void missingCountingParametersAreNamed() throws IOException {
    assertParametersRefused("{\"threshold\": 0.3, \"min_frac\": 0.1, \"hop_s\": 0.75}", "\"window_s\"");
  }

  @Test
  void countingParametersOutOfRangeAreRefused() throws IOException {
    assertParametersRefused("{\"threshold\": 0.3, \"min_frac\": 0.1, \"window_s\": 1.5, \"hop_s\": 3.0}",
        "hop_s must be in (0, window_s]");
  }

  /** The shipped model with {@code parametersJson} as its speaker-embedding.json is refused, the message naming why. */
  private void assertParametersRefused(String parametersJson, String message) throws IOException {
    Path onnx = copyShippedModel(dir);
    Files.writeString(dir.resolve("speaker-embedding.json"), parametersJson);
    assertThatThrownBy(() -> SpeakerEmbeddingModel.load(onnx))
        .isInstanceOf(SpeakerModelUnavailableException.class).hasMessageContaining(message);
  }

  @Test
  void extraKeysInTheParametersFileAreIgnored() {
    CountingParameters p = CountingParameters.parse(
        "{\"model\": \"model3\", \"threshold\": -0.05, \"min_frac\": 0, \"window_s\": 2, \"hop_s\": 1e0, \"eer\": 0.1}", "x");
    assertThat(p).isEqualTo(new CountingParameters(-0.05, 0.0, 2.0, 1.0));
  }

  @Test
  void aMissingModelFileIsReportedAsAbsent() {
    assertThatThrownBy(() -> SpeakerEmbeddingModel.load(dir.resolve("none.onnx")))
        .isInstanceOfSatisfying(SpeakerModelUnavailableException.class, e -> assertThat(e.absent()).isTrue())
        .hasMessageContaining("not found");
  }
}
