package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.audioinsight.audio.VadEngines.Engine;
import io.audioinsight.audio.VadEngines.Selection;
import io.audioinsight.audio.silero.SileroModel;
import io.audioinsight.audio.silero.SileroModelUnavailableException;
import io.audioinsight.audio.vad.DspVad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VadEnginesTest {

  /** Stands in for the DSP engine so these tests see which engine was picked. */
  private static final class MarkerDsp implements VoiceActivityDetector {
    @Override
    public String name() {
      return "dsp";
    }

    @Override
    public float[] speechProbabilities(float[] samples16k, Spectrogram spectrogram, int hopSize, Cancellation c) {
      return new float[(samples16k.length + hopSize - 1) / hopSize];
    }
  }

  private final MarkerDsp dsp = new MarkerDsp();
  private final Supplier<VoiceActivityDetector> dspFactory = () -> dsp;

  @Test
  void engineParsesTheThreeConfigValuesInAnyCase() {
    assertThat(Engine.parse("auto")).isEqualTo(Engine.AUTO);
    assertThat(Engine.parse(" SILERO ")).isEqualTo(Engine.SILERO);
    assertThat(Engine.parse("Dsp")).isEqualTo(Engine.DSP);
    assertThat(Engine.DSP.configValue()).isEqualTo("dsp");
  }

  @Test
  void engineRejectsOtherValuesNamingTheKeyAndTheChoices() {
    assertThatThrownBy(() -> Engine.parse("webrtc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vad.engine must be one of auto, silero, dsp; got 'webrtc'");
    assertThatThrownBy(() -> Engine.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void autoFallsBackToDspWhenTheModelIsMissing(@TempDir Path dir) {
    try (Selection s = VadEngines.select(Engine.AUTO, Optional.of(dir.resolve("missing.onnx")), dspFactory)) {
      assertThat(s.vad()).isSameAs(dsp);
      assertThat(s.explanation()).contains("using dsp").contains("not found").contains("fetch-silero-model.sh");
    }
  }

  @Test
  void autoFallsBackToDspWhenTheModelIsCorrupted(@TempDir Path dir) throws Exception {
    Path corrupted = Files.write(dir.resolve("silero_vad.onnx"), new byte[] {1, 2, 3});
    try (Selection s = VadEngines.select(Engine.AUTO, Optional.of(corrupted), dspFactory)) {
      assertThat(s.vad()).isSameAs(dsp);
      assertThat(s.explanation()).contains("failed its checksum");
    }
  }

  @Test
  void sileroWithoutTheModelStopsStartUpSayingHowToGetIt(@TempDir Path dir) {
    assertThatThrownBy(() -> VadEngines.select(Engine.SILERO, Optional.of(dir.resolve("missing.onnx")), dspFactory))
        .isInstanceOf(SileroModelUnavailableException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("scripts/fetch-silero-model.sh");
  }

  @Test
  void dspNeverTouchesTheModel(@TempDir Path dir) {
    try (Selection s = VadEngines.select(Engine.DSP, Optional.of(dir.resolve("missing.onnx")), dspFactory)) {
      assertThat(s.vad()).isSameAs(dsp);
      assertThat(s.explanation()).isEqualTo("vad.engine=dsp: using the DSP engine");
    }
  }

  @Test
  void withoutAFactoryTheDspEngineIsDspVad(@TempDir Path dir) {
    try (Selection dspOnly = VadEngines.select(Engine.DSP, Optional.empty());
         Selection fallback = VadEngines.select(Engine.AUTO, Optional.of(dir.resolve("missing.onnx")))) {
      assertThat(dspOnly.vad()).isInstanceOf(DspVad.class);
      assertThat(fallback.vad()).isInstanceOf(DspVad.class);
      assertThat(fallback.vad().name()).isEqualTo("dsp");
      fallback.warmUp();
    }
  }

  @Test
  void autoPicksSileroFromTheJarWhenTheBuildPackedTheModel() {
    assumeTrue(SileroModel.class.getResource(SileroModel.CLASSPATH_RESOURCE) != null,
        "Silero VAD model not obtained by the build (no npm or no registry); skipping");
    try (Selection s = VadEngines.select(Engine.AUTO, Optional.empty(), dspFactory)) {
      assertThat(s.vad().name()).isEqualTo("silero");
      assertThat(s.explanation()).contains("using silero");
      s.warmUp();
      float[] silence = new float[16_000];
      float[] p = s.vad().speechProbabilities(silence, Spectrogram.of(silence, Cancellation.NONE), 512, Cancellation.NONE);
      assertThat(p).hasSize(32);
      for (float v : p) {
        assertThat(v).isLessThan(0.5f);
      }
    }
  }

  @Test
  void sileroLoadsAnExplicitModelFile(@TempDir Path dir) throws Exception {
    var resource = SileroModel.class.getResourceAsStream(SileroModel.CLASSPATH_RESOURCE);
    assumeTrue(resource != null, "Silero VAD model not obtained by the build (no npm or no registry); skipping");
    Path file = dir.resolve("silero_vad.onnx");
    try (resource) {
      Files.write(file, resource.readAllBytes());
    }
    try (Selection s = VadEngines.select(Engine.SILERO, Optional.of(file), dspFactory)) {
      assertThat(s.vad().name()).isEqualTo("silero");
      assertThat(s.explanation()).contains(file.toString());
    }
  }
}
