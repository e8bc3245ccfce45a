package io.audioinsight.fetch;

import io.audioinsight.api.Problem;
import io.audioinsight.api.ProblemException;

/** A fetch that failed, with the client's problem and the metric label of the reason ({@code ssrf}, {@code status}, ...). */
public final class FetchException extends RuntimeException {

  private final String reason;
  private final transient Problem problem;

  public FetchException(String reason, Problem problem) {
    super(problem.detail(), null, false, false);
    this.reason = reason;
    this.problem = problem;
  }

  public String reason() {
    return reason;
  }

  public ProblemException toProblem() {
    return problem.toException();
  }

  public Problem problem() {
    return problem;
  }
}
