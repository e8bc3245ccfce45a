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

  /** The problem as an exception, to fail a Future with. */
  public ProblemException toException() {
    return new ProblemException(this);
  }
}
