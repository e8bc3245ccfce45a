package io.audioinsight.http;

import io.audioinsight.api.ClientErrors;
import io.audioinsight.api.FrontEndContext;
import io.audioinsight.api.ParamParser;
import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.api.ResultJson;
import io.audioinsight.audio.Operation;
import io.audioinsight.api.JsonAudio;
import io.audioinsight.config.InferenceConfig;
import io.audioinsight.fetch.MemorySink;
import io.audioinsight.fetch.UrlFetcher;
import io.vertx.core.json.JsonObject;
import io.audioinsight.inference.AudioRequest;
import io.audioinsight.inference.CancellationSignal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One analysis route: picks the input form from Content-Type, reads the body under the byte limit, builds an
 * {@link AudioRequest} with validated parameters, calls the {@link io.audioinsight.inference.InferenceService}
 * and writes the JSON result or a problem. Nothing here blocks: JSON bodies are parsed on a worker thread.
 */
final class AnalysisHandler implements Handler<RoutingContext> {

  static final String CLIENT_GONE = "client_gone";

  private final Vertx vertx;
  private final FrontEndContext app;
  private final BufferedBytes bodies;
  private final Operation operation;

  AnalysisHandler(Vertx vertx, FrontEndContext app, BufferedBytes bodies, Operation operation) {
    this.vertx = vertx;
    this.app = app;
    this.bodies = bodies;
    this.operation = operation;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long received = System.nanoTime();
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    InputForm form = InputForm.of(request.getHeader("Content-Type"));
    if (form == null) {
      String given = request.getHeader("Content-Type");
      ProblemResponder.send(response, Problems.unsupportedMediaType(
          (given == null ? "Content-Type is missing" : "Content-Type " + given + " is not supported")
              + "; send " + InputForm.ACCEPTED));
      return;
    }
    long limit = app.config().http().maxBodyBytes();
    long declared = declaredLength(request);
    if (declared > limit) {
      refuseUnread(request, response, Problems.bodyTooLarge(limit));
      return;
    }
    if (form == InputForm.MULTIPART) {
      Problem badType = MultipartType.problem(request.getHeader("Content-Type"));
      if (badType != null) {
        ClientErrors.seen(400, badType.detail());
        refuseUnread(request, response, badType);
        return;
      }
    }
    MultiMap query = ctx.queryParams();
    long bodyTimeLimitMs = bodyTimeLimitMs(form, query);
    long bodyDeadline = received + TimeUnit.MILLISECONDS.toNanos(bodyTimeLimitMs);
    Problem refused = app.inference().refusalNow();
    if (refused != null) {
      if (expectsContinue(request)) {
        // The client waits for our word before it sends the body: the 503 goes out now, and no body follows.
        refuseUnread(request, response, refused);
      } else {
        answerAfterDiscardingBody(request, response, refused, received, bodyDeadline);
      }
      return;
    }
    // The body's bytes are reserved before any is read (all of Content-Length now, or chunk by chunk) and given
    // back when the exchange ends, however it ends.
    BufferedBytes.Share memory = bodies.share();
    ctx.addEndHandler(v -> memory.release());
    if (declared >= 0 && !memory.reserve(declared)) {
      app.metrics().rejected("memory");
      refuseUnread(request, response, Problems.bufferedBytesFull());
      return;
    }
    if (expectsContinue(request)) {
      // curl asks this for bodies over 1 MiB and otherwise waits a second before sending; only now, after
      // the type, size, queue and memory checks, do we invite the body.
      response.writeContinue();
    }
    // Hooked before the body is read, so a client that leaves at any point withdraws its job: a waiting job is
    // dropped, a running one is stopped, and nothing is written to the closed connection. (An end handler of
    // the router's, not response.closeHandler, which would replace the router's own.)
    CancellationSignal clientGone = new CancellationSignal();
    ctx.addEndHandler(ended -> {
      if (ended.failed()) {
        clientGone.cancel(CLIENT_GONE);
      }
    });
    BodyReader.read(vertx, request, limit, memory, declared, form == InputForm.MULTIPART, bodyDeadline, () -> {
          app.inference().deadlinePassedBeforeSubmit();
          return Problems.bodyDeadlineExceeded(bodyTimeLimitMs).toException();
        })
        .compose(body -> toAudioRequest(form, body, query, memory))
        .compose(audio -> app.inference().run(operation, audio.from(received, clientGone)))
        .map(result -> ResultJson.render(operation, result))
        .onSuccess(json -> {
          if (!response.closed() && !response.ended()) {
            response.putHeader("Content-Type", "application/json").end(json);
          }
        })
        .onFailure(failure -> {
          if (!response.closed()) {
            ProblemResponder.send(response, Problems.from(failure));
          }
        });
  }

  /**
   * How long the body may take to arrive, counted from the request's arrival like its deadline. A raw body's
   * deadline is known from the query (or the default); a JSON or multipart body may carry its own
   * {@code timeout_ms}, so it gets the longest deadline allowed. An invalid value gets its 400 once the body is in.
   */
  private long bodyTimeLimitMs(InputForm form, MultiMap query) {
    InferenceConfig limits = app.config().inference();
    String given = query.get(ParamParser.TIMEOUT_MS);
    if (form != InputForm.RAW_AUDIO) {
      return limits.maxTimeoutMs();
    }
    if (given == null) {
      return Math.min(limits.defaultTimeoutMs(), limits.maxTimeoutMs());
    }
    try {
      long ms = Long.parseLong(given.trim());
      return ms >= 1 ? Math.min(ms, limits.maxTimeoutMs()) : limits.maxTimeoutMs();
    } catch (NumberFormatException e) {
      return limits.maxTimeoutMs();
    }
  }

  private Future<AudioRequest> toAudioRequest(InputForm form, RequestBody body, MultiMap query,
                                              BufferedBytes.Share memory) {
    Function<String, String> fromQuery = query::get;
    return switch (form) {
      case RAW_AUDIO -> body.chunks().joined(vertx).map(bytes -> new AudioRequest(bytes, app.params().parse(fromQuery)));
      // Parsing JSON and decoding base64 cost ~1 ms per MB: too much for an event loop.
      case JSON -> body.chunks().joined(vertx)
          .compose(bytes -> vertx.executeBlocking(() -> app.json().object(bytes), false))
          .compose(json -> json.getValue(UrlFetcher.AUDIO_URL) != null && json.getValue(JsonAudio.AUDIO_BASE64) == null
              ? fetched(json, fromQuery, memory)
              : vertx.executeBlocking(() -> JsonAudio.fromJson(json, fromQuery, app.params()), false));
      case MULTIPART -> {
        if (body.chunks() == null) {
          yield Future.failedFuture(Problems.badParameter(BodyReader.FILE_FIELD,
              "the multipart body has no field named 'file' holding the audio").toException());
        }
        MultiMap fields = body.fields();
        Function<String, String> lookup = name -> fields.contains(name) ? fields.get(name) : query.get(name);
        yield body.chunks().joined(vertx).map(bytes -> new AudioRequest(bytes, app.params().parse(lookup)));
      }
    };
  }

  /**
   * The JSON form's {@code audio_url}: downloaded into memory within this route's own limits (http.max_body_bytes,
   * reserved against http.max_buffered_bytes), under the same SSRF guard as jobs.
   */
  private Future<AudioRequest> fetched(JsonObject json, Function<String, String> fromQuery,
                                       BufferedBytes.Share memory) {
    if (!(json.getValue(UrlFetcher.AUDIO_URL) instanceof String url)) {
      return Future.failedFuture(Problems.badParameter(UrlFetcher.AUDIO_URL, "audio_url must be a string")
          .toException());
    }
    io.audioinsight.inference.RequestParams params;
    try {
      params = app.params().parse(name -> json.getValue(name) != null ? String.valueOf(json.getValue(name))
          : fromQuery.apply(name));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    MemorySink sink = new MemorySink();
    return app.fetcher().fetch(url, app.config().http().maxBodyBytes(), "http.max_body_bytes; a job takes up to "
            + "fetch.max_bytes at /v1/jobs", sink, memory::reserve, Problems.bufferedBytesFull())
        .map(n -> new AudioRequest(sink.bytes(), params));
  }

  /**
   * Overload: the queue is full (or the service drains), so the body is dropped chunk by chunk, never buffered
   * ({@link BodyReader#discard}; on HTTP/1.x released in Netty's pipeline before Vert.x would copy it,
   * {@link RefusedBodyDrop}), and the 503 goes out once the client has sent it all (an early answer would
   * confuse clients that are still writing, so it would have to close the connection). A flood of refused uploads
   * thus costs no heap and makes no garbage. Answering at the head and closing was tried and lost: every refusal then costs a new
   * connection, and in a flood of 2 MB uploads /health/live's p99 went from 85 to 270 ms (docs/BENCHMARKS.md, loop
   * latency); reading and dropping a body on loopback is cheaper than a connection's set-up and teardown. A client
   * that sends {@code Expect: 100-continue} (curl does for bodies over 1 MiB) gets its 503 before any body. A body still arriving at {@code bodyDeadline} gets the 503 then, and its connection is closed.
   * The Retry-After, estimated at {@code received}, is shortened by the time the body took.
   */
  private void answerAfterDiscardingBody(HttpServerRequest request, HttpServerResponse response,
                                         Problem refused, long received, long bodyDeadline) {
    BodyReader.discard(vertx, request, bodyDeadline).onSuccess(ended -> ProblemResponder.send(response,
        refused.aged(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - received))));
  }

  /**
   * Answers at once, before the body is read (too large, a multipart type we cannot decode, no memory for it),
   * then drops what the client still sends and closes the connection.
   */
  private void refuseUnread(HttpServerRequest request, HttpServerResponse response, Problem problem) {
    BodyReader.markLastOnConnection(request);
    ProblemResponder.send(response, problem);
    BodyReader.discardAndClose(vertx, request);
  }

  private static boolean expectsContinue(HttpServerRequest request) {
    return "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
  }

  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader("Content-Length");
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

}
