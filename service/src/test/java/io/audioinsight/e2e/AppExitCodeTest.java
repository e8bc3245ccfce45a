package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real main, in a child JVM: a bad config value exits 2 with one line naming the key; JSON log lines. */
class AppExitCodeTest {

  @Test
  void aBadConfigValueExitsWithCode2AndOneLineNamingTheKey() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.audioinsight.app.App");
    pb.environment().put("INFERENCE_POOL_SIZE", "-1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output).isEqualTo(
        "config key inference.pool_size must be an integer in 0..1024, got '-1' (from environment INFERENCE_POOL_SIZE)");
  }

  /** log.format=json: from the engine's first line to the ready line, every line is one JSON object; SIGTERM exits 0. */
  @Test
  void withJsonLogFormatEveryLineFromStartToReadyIsOneJsonObject() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dconfig=" + TestServices.CONFIG_FILE, "io.audioinsight.app.App");
    pb.environment().putAll(Map.of("LOG_FORMAT", "json", "HTTP_PORT", "0", "VAD_ENGINE", "dsp",
        "INFERENCE_POOL_SIZE", "1", "SHUTDOWN_GRACE_MS", "0"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.contains("ready on :")) {
          p.toHandle().destroy(); // SIGTERM (Process.destroy would also close the stream being read)
        }
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(lines).as("the ready line").anyMatch(l -> l.contains("ready on :"));
    for (String line : lines) {
      JsonObject json = new JsonObject(line);
      assertThat(json.getString("level")).as(line).isNotNull();
      assertThat(json.getString("message")).as(line).isNotNull();
    }
    assertThat(p.exitValue()).isZero();
  }
}
