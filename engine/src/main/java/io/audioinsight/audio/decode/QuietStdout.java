package io.audioinsight.audio.decode;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Drops what the codec libraries print to System.out on the thread that runs them, and nothing else. jflac
 * prints a debug line ("readResidual elsecase") for every escape-coded residual partition, which damaged and
 * crafted files are full of; Concentus prints "e" from {@code quant_band} on some damaged packets; JAAD prints
 * "true" while parsing some sample entries. That is a flood of lines on the service's standard output for a file
 * that gets a clean 400 anyway.
 *
 * <p>Installed once, when the first file is decoded: System.out is wrapped by a stream that passes every byte
 * through unless the writing thread is inside {@link #run}. Other threads and the rest of the program print as
 * before (the check is one ThreadLocal read per write).
 */
final class QuietStdout {

  /** A decode step that may throw what the codec throws. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws Exception;
  }

  private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> false);

  static {
    PrintStream original = System.out;
    System.setOut(new PrintStream(new FilterOutputStream(original) {
      @Override
      public void write(int b) throws IOException {
        if (!QUIET.get()) {
          out.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!QUIET.get()) {
          out.write(b, off, len);
        }
      }
    }, true));
  }

  private QuietStdout() {}

  /** Runs {@code step} with this thread's System.out output dropped. */
  static <T> T run(Step<T> step) throws Exception {
    QUIET.set(true);
    try {
      return step.run();
    } finally {
      QUIET.set(false);
    }
  }
}
