package io.audioinsight.http;

import io.audioinsight.api.ClientErrors;
import io.audioinsight.api.Problem;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/**
 * Requests that Netty's HTTP decoder could not parse (Vert.x's invalid-request handler): an overlong request
 * line is 414, overlong headers 431, a transfer coding other than chunked 501, anything else (a malformed
 * request line, conflicting Content-Length and Transfer-Encoding, HTTP/0.9) 400. Each gets a problem+json
 * body and its connection is closed, since the rest of the stream cannot be trusted; each is logged as one
 * rate-limited line.
 */
final class ProtocolErrors {

  private ProtocolErrors() {}

  static void answer(HttpServerRequest request) {
    Problem problem = problemFor(request.decoderResult());
    ClientErrors.seen(problem.status(), problem.detail());
    BodyReader.markLastOnConnection(request);
    request.response().putHeader(RequestIds.HEADER, RequestIds.fresh());
    ProblemResponder.send(request.response(), problem);
    request.connection().close();
  }

  static Problem problemFor(DecoderResult result) {
    Throwable cause = result == null ? null : result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return Problem.of(414, "uri-too-long", "URI too long", "the request line is longer than the server accepts");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return Problem.of(431, "headers-too-large", "Request header fields too large",
          "the request headers are larger than the server accepts");
    }
    String reason = cause == null ? "the request could not be parsed" : ClientErrors.shortReason(cause);
    String lower = reason.toLowerCase(Locale.ROOT);
    if ((lower.contains("transfer coding") || lower.contains("transfer-encoding")) && !lower.contains("content-length")) {
      return Problem.of(501, "not-implemented", "Not implemented",
          "only the chunked transfer coding is supported: " + reason);
    }
    return Problem.of(400, "bad-request", "Bad request", "the request is malformed: " + reason);
  }
}
