package io.audioinsight.http;

import io.audioinsight.api.ClientErrors;
import io.audioinsight.api.FrontEndContext;
import io.audioinsight.api.JsonAudio;
import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.audio.Operation;
import io.audioinsight.inference.AudioRequest;
import io.audioinsight.jobs.JobManager;
import io.audioinsight.jobs.JobOperation;
import io.audioinsight.jobs.JobRecord;
import io.audioinsight.jobs.JobView;
import io.audioinsight.fetch.CallbackSender;
import io.audioinsight.fetch.UrlFetcher;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code POST /v1/jobs}, {@code GET /v1/jobs/{id}} and {@code DELETE /v1/jobs/{id}}. A raw audio body streams to
 * the spool on disk ({@link JobUpload}, up to {@code jobs.max_upload_bytes}); JSON ({@code audio_base64}) and
 * multipart bodies are read like the analysis routes' (up to {@code http.max_body_bytes}) and then spooled. The
 * 202 goes out only once the audio and the job's record are on disk; for {@code audio_url}, once the URL has passed
 * the SSRF rules and the record naming it is on disk (the download runs after: {@link JobManager#acceptUrl}).
 */
final class JobsHandler {

  static final String ROUTE = "/v1/jobs";
  /** The route of one job, as the contract (and the Allow table) names it. */
  static final String ONE_JOB = ROUTE + "/{id}";

  /** {@code path} with a job id replaced by {@code {id}} (for the Allow header of a 405); other paths unchanged. */
  static String template(String path) {
    return path.startsWith(ROUTE + "/") && path.indexOf('/', ROUTE.length() + 1) < 0
        && path.length() > ROUTE.length() + 1 ? ONE_JOB : path;
  }

  private final Vertx vertx;
  private final FrontEndContext app;
  private final BufferedBytes bodies;
  private final JobManager jobs;

  JobsHandler(Vertx vertx, FrontEndContext app, BufferedBytes bodies) {
    this.vertx = vertx;
    this.app = app;
    this.bodies = bodies;
    this.jobs = app.jobs();
  }

  void submit(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    InputForm form = InputForm.of(request.getHeader("Content-Type"));
    if (form == null) {
      String given = request.getHeader("Content-Type");
      refuseUnread(request, response, Problems.unsupportedMediaType(
          (given == null ? "Content-Type is missing" : "Content-Type " + given + " is not supported")
              + "; send " + InputForm.ACCEPTED));
      return;
    }
    long declared = declaredLength(request);
    long limit = form == InputForm.RAW_AUDIO ? jobs.config().maxUploadBytes() : app.config().http().maxBodyBytes();
    if (declared > limit) {
      refuseUnread(request, response, form == InputForm.RAW_AUDIO
          ? Problem.of(413, "body-too-large", "Request body too large", "the audio exceeds the limit of " + limit
              + " bytes for a job upload (jobs.max_upload_bytes)")
          : Problem.of(413, "body-too-large", "Request body too large", "the request body exceeds the limit of "
              + limit + " bytes (http.max_body_bytes); send the audio as a raw body (up to jobs.max_upload_bytes) "
              + "or by audio_url"));
      return;
    }
    Problem refused = jobs.refusalNow(form == InputForm.RAW_AUDIO ? declared : 0);
    if (refused != null) {
      app.metrics().rejected("jobs_full");
      refuseUnread(request, response, refused);
      return;
    }
    MultiMap query = ctx.queryParams();
    String id = UUID.randomUUID().toString();
    Future<JobRecord> accepted;
    if (form == InputForm.RAW_AUDIO) {
      Operation operation;
      io.audioinsight.inference.RequestParams params;
      try {
        operation = JobOperation.parse(query.get(JobOperation.PARAM));
        params = app.params().parse(query::get);
        JobManager.checkJobParams(params);
      } catch (RuntimeException e) {
        refuseUnread(request, response, Problems.from(e));
        return;
      }
      request.pause();
      if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
        response.writeContinue();
      }
      accepted = callback(query.get(CallbackSender.CALLBACK_URL)).compose(callback ->
          JobUpload.toSpool(vertx, request, jobs.spool(), id, limit, declared, jobs.spoolFull())
              .compose(bytes -> jobs.accept(id, bytes, operation, params, callback)));
    } else {
      accepted = readBuffered(ctx, form, declared, query, id);
      if (accepted == null) {
        return;
      }
    }
    accepted.onSuccess(job -> {
      if (!response.closed() && !response.ended()) {
        response.setStatusCode(202)
            .putHeader("Location", ROUTE + "/" + job.id())
            .putHeader("Content-Type", "application/json")
            .end(JobView.of(job).toBuffer());
      }
    }).onFailure(failure -> {
      Problem p = Problems.from(failure);
      if (!request.isEnded()) {
        refuseUnread(request, response, p);
      } else if (!response.closed()) {
        ProblemResponder.send(response, p);
      }
    });
  }

  /** JSON and multipart: the body in memory under the analysis routes' limits, then spooled. Null if answered. */
  private Future<JobRecord> readBuffered(RoutingContext ctx, InputForm form, long declared, MultiMap query,
                                         String id) {
    HttpServerRequest request = ctx.request();
    if (form == InputForm.MULTIPART) {
      Problem badType = MultipartType.problem(request.getHeader("Content-Type"));
      if (badType != null) {
        ClientErrors.seen(400, badType.detail());
        refuseUnread(request, ctx.response(), badType);
        return null;
      }
    }
    BufferedBytes.Share memory = bodies.share();
    ctx.addEndHandler(v -> memory.release());
    if (declared >= 0 && !memory.reserve(declared)) {
      app.metrics().rejected("memory");
      refuseUnread(request, ctx.response(), Problems.bufferedBytesFull());
      return null;
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    long maxMs = app.config().inference().maxTimeoutMs();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
    return BodyReader.read(vertx, request, app.config().http().maxBodyBytes(), memory, declared,
            form == InputForm.MULTIPART, deadline, () -> Problems.bodyDeadlineExceeded(maxMs).toException())
        .compose(body -> {
          if (form == InputForm.JSON) {
            return body.chunks().joined(vertx).compose(bytes -> vertx.executeBlocking(() -> {
              JsonObject json = app.json().object(bytes);
              Function<String, String> lookup = name -> json.getValue(name) != null
                  ? String.valueOf(json.getValue(name)) : query.get(name);
              Operation operation = JobOperation.parse(lookup.apply(JobOperation.PARAM));
              Object url = json.getValue(UrlFetcher.AUDIO_URL);
              if (url != null && json.getValue(JsonAudio.AUDIO_BASE64) == null) {
                if (!(url instanceof String u)) {
                  throw Problems.badParameter(UrlFetcher.AUDIO_URL, "audio_url must be a string").toException();
                }
                io.audioinsight.inference.RequestParams params = app.params().parse(lookup);
                JobManager.checkJobParams(params);
                return new Parsed(null, u, operation, params, lookup.apply(CallbackSender.CALLBACK_URL));
              }
              AudioRequest audio = JsonAudio.fromJson(json, query::get, app.params());
              return new Parsed(audio.wav().getBytes(), null, operation, audio.params(),
                  lookup.apply(CallbackSender.CALLBACK_URL));
            }, false));
          }
          if (body.chunks() == null) {
            return Future.failedFuture(Problems.badParameter(BodyReader.FILE_FIELD,
                "the multipart body has no field named 'file' holding the audio").toException());
          }
          MultiMap fields = body.fields();
          Function<String, String> lookup = name -> fields.contains(name) ? fields.get(name) : query.get(name);
          Operation operation = JobOperation.parse(lookup.apply(JobOperation.PARAM));
          io.audioinsight.inference.RequestParams params = app.params().parse(lookup);
          String callback = lookup.apply(CallbackSender.CALLBACK_URL);
          return body.chunks().joined(vertx).map(bytes -> new Parsed(bytes.getBytes(), null, operation, params,
              callback));
        })
        .compose(p -> callback(p.callbackUrl).compose(callback -> p.url == null
            ? jobs.submit(id, p.audio, p.operation, p.params, callback)
            : app.fetcher().checkFirstHop(p.url)
                .compose(v -> jobs.acceptUrl(id, p.url, p.operation, p.params, callback))));
  }

  /** The checked callback_url, or null when none was given. */
  private Future<String> callback(String url) {
    return url == null ? Future.succeededFuture(null) : app.callbacks().validate(url);
  }

  /** A buffered body, parsed: the audio itself, or the URL to fetch it from. */
  private record Parsed(byte[] audio, String url, Operation operation,
                        io.audioinsight.inference.RequestParams params, String callbackUrl) {}

  void get(RoutingContext ctx) {
    answer(ctx.response(), jobs.get(ctx.pathParam("id")));
  }

  void cancel(RoutingContext ctx) {
    answer(ctx.response(), jobs.cancel(ctx.pathParam("id")));
  }

  private static void answer(HttpServerResponse response, Future<JobRecord> job) {
    job.onSuccess(j -> {
      if (!response.closed() && !response.ended()) {
        response.putHeader("Content-Type", "application/json").end(JobView.of(j).toBuffer());
      }
    }).onFailure(t -> ProblemResponder.send(response, Problems.from(t)));
  }

  private void refuseUnread(HttpServerRequest request, HttpServerResponse response, Problem problem) {
    BodyReader.markLastOnConnection(request);
    ProblemResponder.send(response, problem);
    BodyReader.discardAndClose(vertx, request);
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
