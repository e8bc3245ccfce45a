package io.audioinsight.api;

/** A failure that already knows its problem; no stack trace, because it is an answer, not a bug. */
public final class ProblemException extends RuntimeException {

  private final Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
