package io.audioinsight.audio.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's extracted native libraries do not outlive the JVM. Each case starts a JVM of its own, with its own
 * {@code java.io.tmpdir}, that loads ONNX Runtime and exits; the folder is then looked at from outside.
 */
class OnnxRuntimeEnvironmentTest {

  /** The child JVM: loads ONNX Runtime the engine's way ({@code engine}) or ONNX Runtime's own way. */
  public static final class LoadAndExit {
    public static void main(String[] args) {
      OrtEnvironment env = "engine".equals(args[0]) ? OnnxRuntimeEnvironment.get() : OrtEnvironment.getEnvironment();
      System.out.println("loaded ONNX Runtime " + env.getVersion());
    }
  }

  private static List<Path> leftInTmp(Path tmp, String how) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"), LoadAndExit.class.getName(), how)
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("loaded ONNX Runtime");
    try (Stream<Path> left = Files.list(tmp)) {
      return left.filter(p -> p.getFileName().toString().startsWith("onnxruntime-java")).toList();
    }
  }

  @Test
  void theEnginesWayLeavesNoLibraryFolderInTheTempDirectory(@TempDir Path tmp) throws Exception {
    assertThat(leftInTmp(tmp, "engine")).isEmpty();
  }

  @Test
  void onnxRuntimesOwnWayLeavesAnEmptyFolderBehindWhichIsWhyTheEngineRemovesIt(@TempDir Path tmp) throws Exception {
    // the defect this class works around; when an ONNX Runtime release fixes it, this test says so
    List<Path> left = leftInTmp(tmp, "plain");
    assertThat(left).hasSize(1);
    try (Stream<Path> inside = Files.list(left.get(0))) {
      assertThat(inside).isEmpty();
    }
  }
}
