package io.audioinsight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.support.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  private Path file(String json) throws IOException {
    Path f = dir.resolve("config.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void theShippedConfigFileHoldsEveryKeyWithItsDefault() throws IOException {
    AppConfig fromFile = ConfigLoader.load(TestServices.CONFIG_FILE, true, Map.of(), Map.of());
    AppConfig builtIn = ConfigLoader.load(dir.resolve("absent.json"), false, Map.of(), Map.of());
    assertThat(fromFile).isEqualTo(builtIn);
    String text = Files.readString(TestServices.CONFIG_FILE);
    for (String key : ConfigKeys.paths()) {
      assertThat(text).as(key).contains("\"" + key.substring(key.indexOf('.') + 1) + "\"");
    }
    assertThat(fromFile.http().port()).isEqualTo(8080);
    assertThat(fromFile.http().maxBodyBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(fromFile.vertx().maxEventLoopExecuteTimeMs()).isEqualTo(100);
    assertThat(fromFile.demoEnabled()).isFalse();
  }

  @Test
  void systemPropertyOverridesTheFileAndEnvironmentOverridesBoth() throws IOException {
    Path f = file("{\"http\": {\"port\": 9001, \"instances\": 3}, \"inference\": {\"pool_size\": 5}}");
    AppConfig c = ConfigLoader.load(f, true,
        Map.of("http.port", "9002", "inference.pool_size", "6"),
        Map.of("HTTP_PORT", "9003"));
    assertThat(c.http().port()).as("env beats property beats file").isEqualTo(9003);
    assertThat(c.inference().poolSize()).as("property beats file").isEqualTo(6);
    assertThat(c.http().instances()).as("file beats default").isEqualTo(3);
  }

  @Test
  void environmentNamesKeepTheUnderscoresOfTheKey() {
    AppConfig c = ConfigLoader.load(dir.resolve("none.json"), false, Map.of(),
        Map.of("HTTP_MAX_BODY_BYTES", "2048", "DEMO_ENABLED", "true", "VAD_ENGINE", "DSP"));
    assertThat(c.http().maxBodyBytes()).isEqualTo(2048);
    assertThat(c.demoEnabled()).isTrue();
    assertThat(c.vad().engine()).isEqualTo("dsp");
  }

  @Test
  void theFileCanBeChosenByPropertyOrEnvironment() throws IOException {
    Path f = file("{\"http\": {\"port\": 9100}}");
    assertThat(ConfigLoader.load(Map.of("config", f.toString()), Map.of()).http().port()).isEqualTo(9100);
    assertThat(ConfigLoader.load(Map.of(), Map.of("AUDIO_INSIGHT_CONFIG", f.toString())).http().port()).isEqualTo(9100);
  }

  @Test
  void aBadValueFailsWithOneLineNamingTheKeyAndTheRange() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.json"), false, Map.of(), Map.of("HTTP_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key http.port must be an integer in 0..65535, got '70000' (from environment HTTP_PORT)");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.json"), false, Map.of("vad.threshold", "abc"), Map.of()))
        .hasMessageContaining("config key vad.threshold must be a number in 0.001..0.999, got 'abc'");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.json"), false, Map.of("vad.engine", "neural"), Map.of()))
        .hasMessageContaining("config key vad.engine must be one of auto|dsp|silero");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.json"), false, Map.of("demo.enabled", "yes"), Map.of()))
        .hasMessageContaining("config key demo.enabled must be true or false");
  }

  @Test
  void unknownKeysAndContradictoryTimeoutsAreRejected() throws IOException {
    Path f = file("{\"http\": {\"prot\": 1}}");
    assertThatThrownBy(() -> ConfigLoader.load(f, true, Map.of(), Map.of())).hasMessageContaining("unknown key http.prot");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.json"), false,
        Map.of("inference.default_timeout_ms", "5000", "inference.max_timeout_ms", "1000"), Map.of()))
        .hasMessageContaining("inference.default_timeout_ms must be at most inference.max_timeout_ms");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.json"), true, Map.of(), Map.of()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void theReadSliceIsOffAtZeroOrAtLeastOneKibibyte() {
    Path none = dir.resolve("none.json");
    assertThat(ConfigLoader.load(none, false, Map.of(), Map.of()).http().readSliceBytes()).isEqualTo(16_384);
    assertThat(ConfigLoader.load(none, false, Map.of(), Map.of("HTTP_READ_SLICE_BYTES", "0")).http().readSliceBytes())
        .isZero();
    assertThat(ConfigLoader.load(none, false, Map.of("http.read_slice_bytes", "1024"), Map.of()).http()
        .readSliceBytes()).isEqualTo(1_024);
    assertThatThrownBy(() -> ConfigLoader.load(none, false, Map.of("http.read_slice_bytes", "1023"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key http.read_slice_bytes must be 0 (Netty's default) or at least 1024, got 1023");
  }

  @Test
  void corsOriginsAreAnExactListOrEmptyAndTheLogFormatAndPagesAreRead() {
    AppConfig defaults = ConfigLoader.load(dir.resolve("none.json"), false, Map.of(), Map.of());
    assertThat(defaults.http().corsOrigins()).as("CORS off by default").isEmpty();
    assertThat(defaults.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(defaults.pages()).isEqualTo(new PagesConfig(true, true));
    AppConfig c = ConfigLoader.load(dir.resolve("none.json"), false, Map.of(), Map.of(
        "HTTP_CORS_ORIGINS", "https://app.example, http://localhost:3000", "LOG_FORMAT", "json",
        "DOCS_ENABLED", "false", "PLAYGROUND_ENABLED", "false"));
    assertThat(c.http().corsOrigins()).containsExactly("https://app.example", "http://localhost:3000");
    assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(c.pages()).isEqualTo(new PagesConfig(false, false));
    for (String bad : new String[] {"*", "https://app.example/path", "app.example", "https://a.example,"}) {
      assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.json"), false, Map.of("http.cors_origins", bad),
          Map.of()))
          .as(bad)
          .hasMessageContaining("config key http.cors_origins must be a comma-separated list of origins");
    }
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.json"), false, Map.of("log.format", "xml"), Map.of()))
        .hasMessageContaining("config key log.format must be one of text|json");
  }

  @Test
  void automaticPoolAndQueueSizesFollowTheCores() {
    AppConfig c = ConfigLoader.load(dir.resolve("none.json"), false, Map.of(), Map.of());
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(c.inference().threads()).isEqualTo(cores);
    assertThat(c.inference().queueLimit()).isEqualTo(4 * cores);
  }
}
