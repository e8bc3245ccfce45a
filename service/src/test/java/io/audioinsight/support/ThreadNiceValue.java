package io.audioinsight.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The calling thread's Linux nice value, for tests of the threads' scheduling priority. */
public final class ThreadNiceValue {

  private ThreadNiceValue() {}

  /** Field 19 of /proc/thread-self/stat, counted after the name in parentheses (which may hold spaces). */
  public static int ofThisThread() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return Integer.parseInt(after[19 - 3]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
