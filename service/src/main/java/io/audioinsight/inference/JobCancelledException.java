package io.audioinsight.inference;

/** The caller withdrew the request (reason is a metric label such as {@code client_gone}); nobody reads the answer. */
public final class JobCancelledException extends RuntimeException {

  private final String reason;

  public JobCancelledException(String reason) {
    super("job cancelled: " + reason, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
