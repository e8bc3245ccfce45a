package io.audioinsight.http;

import io.audioinsight.api.Problem;
import io.audioinsight.api.ResultJson;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a problem as {@code application/problem+json}, with the request id (the response's {@code X-Request-Id})
 * as {@code instance}; never to a response that is already finished or whose client left.
 */
final class ProblemResponder {

  static final String PROBLEM_JSON = "application/problem+json";

  private ProblemResponder() {}

  static void send(HttpServerResponse response, Problem problem) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", PROBLEM_JSON);
    if (problem.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
    }
    response.end(ResultJson.problem(problem, response.headers().get(RequestIds.HEADER)));
  }
}
