package io.audioinsight.audio.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The ONNX Runtime environment, with the copies of its native libraries removed once they are loaded.
 *
 * <p>ONNX Runtime (1.24) copies its libraries into a new {@code java.io.tmpdir/onnxruntime-java*} folder and asks
 * the JVM to delete the files and the folder at exit. It registers the folder after the files, and the JVM deletes
 * in the reverse order, so the folder is tried while it still holds them: every start of the service left an empty
 * folder behind, and every killed one a full folder of about 22 MB (Linux x64). Once loaded, a library stays
 * mapped after its file is unlinked, so the folder can go at once. Where that fails (a system that locks loaded
 * files), the folder is left to ONNX Runtime's own clean-up, as before.
 */
public final class OnnxRuntimeEnvironment {

  private static final Logger LOG = Logger.getLogger(OnnxRuntimeEnvironment.class.getName());
  private static final AtomicBoolean TIDIED = new AtomicBoolean();

  private OnnxRuntimeEnvironment() {}

  /**
   * {@link OrtEnvironment#getEnvironment()}; the first call also removes the folder of extracted libraries.
   *
   * @throws RuntimeException or {@link LinkageError} where the native library cannot be loaded, as
   *     {@code getEnvironment} does
   */
  public static OrtEnvironment get() {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    if (TIDIED.compareAndSet(false, true)) {
      extractionFolder().ifPresent(OnnxRuntimeEnvironment::remove);
    }
    return env;
  }

  /** The folder ONNX Runtime extracted its libraries to, read from its private field; empty if it has none. */
  static Optional<Path> extractionFolder() {
    try {
      Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
      field.setAccessible(true);
      return Optional.ofNullable((Path) field.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another ONNX Runtime version: its clean-up stays as it is
      LOG.log(Level.FINE, "ONNX Runtime's library folder not found; it is left to ONNX Runtime", e);
      return Optional.empty();
    }
  }

  private static void remove(Path folder) {
    try {
      List<Path> files;
      try (Stream<Path> listed = Files.list(folder)) {
        files = listed.toList();
      }
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "ONNX Runtime's library folder " + folder + " stays until the JVM exits", e);
    }
  }
}
