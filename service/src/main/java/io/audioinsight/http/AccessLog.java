package io.audioinsight.http;

import io.vertx.core.http.HttpServerRequest;
import java.lang.System.Logger.Level;
import io.audioinsight.observe.LogRateLimit;
import java.util.Locale;

/**
 * One line per request (method, path, status, bytes sent, duration, request id) on the logger
 * {@code io.audioinsight.access}, at most {@link #LINES_PER_SECOND} a second for the whole service (a
 * {@link LogRateLimit} shared by every HTTP verticle instance): under a flood the rest are counted and the next line
 * says how many were left out, so the log cannot grow with the attacker's request rate.
 */
final class AccessLog {

  static final String LOGGER = "io.audioinsight.access";
  static final int LINES_PER_SECOND = 50;
  private static final int MAX_PATH_CHARS = 200;
  private static final System.Logger LOG = System.getLogger(LOGGER);

  /** Shared by every HTTP verticle instance of the service (each has its own AccessLog). */
  private final LogRateLimit limit;

  AccessLog(LogRateLimit limit) {
    this.limit = limit;
  }

  /** Writes the line for an exchange that has ended (answered, or its client gone). */
  void ended(HttpServerRequest request, String requestId, long startNanos, boolean answered) {
    long now = System.nanoTime();
    if (!limit.tryAcquire(now)) {
      return;
    }
    long left = limit.takeSkipped();
    String status = answered ? Integer.toString(request.response().getStatusCode()) : "client-gone";
    LOG.log(Level.INFO, String.format(Locale.ROOT, "%s %s %s %d bytes %.1f ms id=%s%s",
        request.method().name(), printable(request.path()), status, request.response().bytesWritten(),
        (now - startNanos) / 1e6, requestId, left > 0 ? " (" + left + " lines left out before this one)" : ""));
  }

  private static String printable(String path) {
    if (path == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(path.length(), MAX_PATH_CHARS));
    for (int i = 0; i < path.length() && out.length() < MAX_PATH_CHARS; i++) {
      char c = path.charAt(i);
      out.append(c > 0x20 && c < 0x7f ? c : '?');
    }
    return path.length() > MAX_PATH_CHARS ? out + "..." : out.toString();
  }
}
