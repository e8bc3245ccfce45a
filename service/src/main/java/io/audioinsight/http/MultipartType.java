package io.audioinsight.http;

import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Checks a {@code multipart/form-data} Content-Type before Netty's decoder sees it: the decoder throws on an
 * empty boundary or a charset the JVM lacks, which would otherwise surface as a 500. RFC 2046 allows boundaries
 * of 1 to 70 characters.
 */
final class MultipartType {

  private static final int MAX_BOUNDARY = 70;

  private MultipartType() {}

  /** The 400 for a Content-Type whose boundary or charset cannot be used, or null when it is fine. */
  static Problem problem(String contentType) {
    String boundary = null;
    String charset = null;
    for (String part : contentType.split(";")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = unquote(part.substring(eq + 1).trim());
      if (name.equals("boundary")) {
        boundary = value;
      } else if (name.equals("charset")) {
        charset = value;
      }
    }
    if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
      return Problems.badRequest("a multipart/form-data Content-Type needs a boundary of 1 to " + MAX_BOUNDARY
          + " characters");
    }
    if (charset != null && !isSupported(charset)) {
      return Problems.badRequest("the multipart charset is not supported; use UTF-8");
    }
    return null;
  }

  private static boolean isSupported(String charset) {
    try {
      return Charset.isSupported(charset);
    } catch (IllegalArgumentException illegalName) {
      return false;
    }
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }
}
