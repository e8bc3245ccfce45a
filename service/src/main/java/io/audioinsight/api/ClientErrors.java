package io.audioinsight.api;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logging of clients' malformed requests: at most one short line per {@link #INTERVAL_NANOS}, with a count of
 * the ones left out, and never a stack trace. Stack traces are for our own bugs (500s); a flood of bad requests
 * must not become a flood of log.
 */
public final class ClientErrors {

  private static final System.Logger LOG = System.getLogger(ClientErrors.class.getName());
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int MAX_REASON_CHARS = 120;
  private static final AtomicLong nextLogAt = new AtomicLong(Long.MIN_VALUE);
  private static final AtomicLong suppressed = new AtomicLong();

  private ClientErrors() {}

  /** Notes one malformed request with its status; logs a line when the last one was over a second ago. */
  public static void seen(int status, String what) {
    long now = System.nanoTime();
    long next = nextLogAt.get();
    if ((next == Long.MIN_VALUE || now - next >= 0) && nextLogAt.compareAndSet(next, now + INTERVAL_NANOS)) {
      long skipped = suppressed.getAndSet(0);
      LOG.log(Level.INFO, "client error " + status + ": " + clean(what)
          + (skipped > 0 ? " (and " + skipped + " more since the last line)" : ""));
    } else {
      suppressed.incrementAndGet();
    }
  }

  /** A decoder exception's message as one short printable line (its class name when it has none). */
  public static String shortReason(Throwable t) {
    String message = t.getMessage();
    return clean(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
  }

  private static String clean(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_REASON_CHARS));
    for (int i = 0; i < s.length() && out.length() < MAX_REASON_CHARS; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (s.length() > MAX_REASON_CHARS) {
      out.append("...");
    }
    return out.toString();
  }
}
