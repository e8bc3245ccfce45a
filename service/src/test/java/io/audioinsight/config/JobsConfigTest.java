package io.audioinsight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs.* and fetch.* keys: their defaults, their environment variables, and a bad value. */
class JobsConfigTest {

  @TempDir
  Path dir;

  private AppConfig load(Map<String, String> env) {
    return ConfigLoader.load(dir.resolve("absent.json"), false, Map.of(), env);
  }

  @Test
  void theDefaultsAreFourHoursOneDayAndNoPrivateNetworks() {
    AppConfig c = load(Map.of());
    assertThat(c.jobs().maxAudioSeconds()).isEqualTo(14_400);
    assertThat(c.jobs().retentionSeconds()).isEqualTo(86_400);
    assertThat(c.jobs().dir()).isEqualTo("data/jobs");
    assertThat(c.fetch().allowPrivateNetworks()).isFalse();
    assertThat(c.fetch().callbackSecret()).isEmpty();
  }

  @Test
  void eachKeyIsSetByItsEnvironmentVariable() {
    AppConfig c = load(Map.of("JOBS_MAX_AUDIO_SECONDS", "7200", "FETCH_ALLOW_PRIVATE_NETWORKS", "true",
        "JOBS_DIR", "/var/lib/audio-insight", "JOBS_RETENTION", "3600", "JOBS_CALLBACK_SECRET", "s3cret",
        "FETCH_TIMEOUT_MS", "5000"));
    assertThat(c.jobs().maxAudioSeconds()).isEqualTo(7_200);
    assertThat(c.jobs().dir()).isEqualTo("/var/lib/audio-insight");
    assertThat(c.jobs().retentionSeconds()).isEqualTo(3_600);
    assertThat(c.fetch().allowPrivateNetworks()).isTrue();
    assertThat(c.fetch().callbackSecret()).isEqualTo("s3cret");
    assertThat(c.fetch().timeoutMs()).isEqualTo(5_000);
  }

  @Test
  void aJobsLimitOutOfRangeStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of("JOBS_MAX_AUDIO_SECONDS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jobs.max_audio_seconds").hasMessageContaining("JOBS_MAX_AUDIO_SECONDS");
  }
}
