package io.audioinsight.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The request id: the client's {@code X-Request-Id} when it is a plain token (so a caller can follow its own id
 * through our logs), else a fresh random one. It is echoed in the response header, written as {@code instance}
 * in every problem body, and in the access log line.
 */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  /** Letters, digits and a little punctuation, at most 128: nothing that could forge a log line or header. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  static String of(HttpServerRequest request) {
    String given = request.getHeader(HEADER);
    return given != null && PLAIN.matcher(given).matches() ? given : fresh();
  }

  static String fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("%016x%016x", random.nextLong(), random.nextLong());
  }
}
