package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.support.TestEngineMain;
import io.audioinsight.support.TestServices;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The process, not just the Service object: it logs the ready line, and SIGTERM drains it to exit code 0. */
class GracefulShutdownTest {

  @Test
  void sigtermDrainsAndExitsZero() throws Exception {
    int port = TestServices.freePort();
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        TestEngineMain.class.getName());
    pb.environment().put("HTTP_PORT", Integer.toString(port));
    pb.environment().put("HTTP_INSTANCES", "2");
    pb.environment().put("INFERENCE_POOL_SIZE", "2");
    pb.environment().put("SHUTDOWN_GRACE_MS", "200");
    pb.environment().put("JOBS_DIR", TestServices.tempJobsDir());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean signalled = false;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (!signalled && line.contains("ready on :")) {
          p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
          signalled = true;
        }
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = String.join("\n", lines);
    assertThat(log).contains("ready on :" + port + " (2 http instances, pool 2 threads at nice 10, vad test, speakers classic)");
    assertThat(log).contains("draining").contains("stopped");
    assertThat(p.exitValue()).as(log).isEqualTo(0);
  }
}
