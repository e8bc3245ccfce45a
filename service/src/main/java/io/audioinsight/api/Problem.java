package io.audioinsight.api;

/**
 * An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail}. {@code retryAfterSeconds}
 * (0 = none) becomes a Retry-After header; {@code parameter} names the offending request parameter, if any.
 */
public record Problem(String type, String title, int status, String detail, String parameter, long retryAfterSeconds) {

  static final String TYPE_PREFIX = "urn:audio-insight:problem:";

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(TYPE_PREFIX + slug, title, status, detail, null, 0);
  }

  public Problem withParameter(String name) {
    return new Problem(type, title, status, detail, name, retryAfterSeconds);
  }

  public Problem withRetryAfter(long seconds) {
    return new Problem(type, title, status, detail, parameter, seconds);
  }

  /**
   * The problem as it stands {@code elapsedMillis} after it was made: a Retry-After counted from then is that much
   * shorter now (whole seconds, at least 1). For an answer that waits, such as a 503 held until a refused upload
   * ends.
   */
  public Problem aged(long elapsedMillis) {
    if (retryAfterSeconds <= 0 || elapsedMillis < 1000) {
      return this;
    }
    return withRetryAfter(Math.max(1, retryAfterSeconds - elapsedMillis / 1000));
  }

  /** The problem as an exception, to fail a Future with. */
  public ProblemException toException() {
    return new ProblemException(this);
  }
}
