package io.audioinsight.inference;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.System.Logger.Level;

/**
 * Lowers the OS scheduling priority of the calling thread: {@code setpriority(PRIO_PROCESS, tid, nice)}, which on
 * Linux acts on one thread, not the whole process. Raising a thread's nice value needs no privilege; lowering it again
 * would, so callers only ever raise it. Where this cannot work (not Linux, no libc for JNA) the first call logs
 * one warning and every call returns -1: the service then runs as before, with no priority difference.
 */
final class ThreadNice {

  private static final System.Logger LOG = System.getLogger(ThreadNice.class.getName());
  private static final int PRIO_PROCESS = 0;

  /** The C library, or null where it cannot be loaded. */
  private interface LibC extends Library {
    int setpriority(int which, int who, int prio) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC LIBC = load();

    private static LibC load() {
      if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
        LOG.log(Level.WARNING, "inference.thread_nice has no effect: per-thread nice values need Linux, this is {0}",
            System.getProperty("os.name"));
        return null;
      }
      try {
        return Native.load("c", LibC.class);
      } catch (LinkageError | RuntimeException e) {
        LOG.log(Level.WARNING, "inference.thread_nice has no effect: the C library cannot be loaded through JNA ({0})",
            e.toString());
        return null;
      }
    }
  }

  private ThreadNice() {
  }

  /**
   * Raises the calling thread's nice value by {@code increment} (capped at 19), relative to what it has now, so a
   * JVM started under {@code nice} keeps its loops above its inference too. Returns the new value, or -1 if it
   * could not be set.
   */
  static int lowerCurrentThreadBy(int increment) {
    LibC libc = Holder.LIBC;
    if (libc == null) {
      return -1;
    }
    try {
      int nice = Math.min(19, currentNice() + increment);
      libc.setpriority(PRIO_PROCESS, currentTid(), nice);
      return nice;
    } catch (IOException | RuntimeException e) { // LastErrorException (EPERM, ESRCH) is a RuntimeException
      LOG.log(Level.WARNING, "could not lower the priority of thread {0}: {1}", Thread.currentThread().getName(),
          e.toString());
      return -1;
    }
  }

  /** The kernel's id of the calling thread: /proc/thread-self links to "PID/task/TID". */
  static int currentTid() throws IOException {
    String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
    return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
  }

  /** The calling thread's nice value, from /proc/thread-self/stat. */
  static int currentNice() throws IOException {
    return niceOf(Files.readString(Path.of("/proc/thread-self/stat")));
  }

  /**
   * The nice value in the text of a /proc/.../stat file: its 19th field. The 2nd, the thread's name in
   * parentheses, may hold spaces and parentheses, so fields are counted from the last ')', which ends it.
   */
  static int niceOf(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Integer.parseInt(after[19 - 3]);
  }
}
