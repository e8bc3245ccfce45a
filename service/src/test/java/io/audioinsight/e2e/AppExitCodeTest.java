package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real main, in a child JVM: a bad config value exits 2 with one line naming the key. */
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
}
