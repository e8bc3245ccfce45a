package io.audioinsight.support;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Map;

/**
 * A raw client request's whole answer, read without a race. {@code request.send().compose(r -> r.body())}, chained
 * from the test thread, can attach the body handler only after the event loop has already delivered a short body
 * (on a busy machine the test thread loses the race, and the body reads empty). Here the handler is attached to
 * {@code request.response()} before the request goes out, so it runs on the event loop in the same task that
 * delivers the response head, before any of the body.
 */
public final class Answers {

  private Answers() {}

  /** The answer to {@code request}; call it before ending the request. */
  public static Future<Map.Entry<HttpClientResponse, Buffer>> of(HttpClientRequest request) {
    return request.response().compose(r -> r.body().map(b -> Map.entry(r, b)));
  }

  /** Ends {@code request} (no body) and reads its answer. */
  public static Future<Map.Entry<HttpClientResponse, Buffer>> send(HttpClientRequest request) {
    Future<Map.Entry<HttpClientResponse, Buffer>> answer = of(request);
    request.end();
    return answer;
  }
}
