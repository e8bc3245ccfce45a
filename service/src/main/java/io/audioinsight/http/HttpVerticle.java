package io.audioinsight.http;

import io.audioinsight.api.ClientErrors;
import io.audioinsight.api.FrontEndContext;
import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.audio.Operation;
import io.audioinsight.stream.LiveStreams;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API. Deployed {@code http.instances} times; the instances share one listening port (Vert.x
 * balances connections across them) and one {@link FrontEndContext}. Handlers only route and do non-blocking I/O.
 */
public final class HttpVerticle extends VerticleBase {

  /** The methods each route takes, for the Allow header of a 405. */
  private static final Map<String, String> ANALYSIS_AND_OPERATIONS_ALLOWED = Map.ofEntries(
      Map.entry("/v1/snr-detect", "POST"), Map.entry("/v1/speaker-count", "POST"), Map.entry("/v1/analyze", "POST"),
      Map.entry("/health/live", "GET, HEAD"), Map.entry("/health/ready", "GET, HEAD"),
      Map.entry("/metrics", "GET, HEAD"), Map.entry("/ping/blocking", "GET, HEAD"),
      Map.entry("/ping/worker", "GET, HEAD"), Map.entry("/ping/async", "GET, HEAD"),
      Map.entry(JobsHandler.ROUTE, "POST"),
      // One job's route, keyed by its template: the 405 handler maps a job's path to it (JobsHandler.template).
      Map.entry(JobsHandler.ONE_JOB, "GET, HEAD, DELETE"));
  /** Beyond the longest wait for an answer, before an idle connection is closed. */
  private static final long IDLE_SLACK_MS = 5_000;

  private final FrontEndContext app;
  private final BufferedBytes bodies;
  private final OpenConnections connections;
  private final SelfDescriptionRoutes selfDescription;
  private final Map<String, String> allowed = new HashMap<>(ANALYSIS_AND_OPERATIONS_ALLOWED);
  private final LiveStreams streams;
  private HttpServer server;
  private DemoRoutes demo;
  private ConnectionGuard guard;
  /** The access log's budget, lines a second for the whole service ({@link io.audioinsight.observe.LogRateLimit}). */
  public static final int ACCESS_LINES_PER_SECOND = AccessLog.LINES_PER_SECOND;
  private AccessLog accessLog;

  /**
   * {@code bodies} and {@code connections} are shared by every instance: they are service-wide budgets.
   * {@code selfDescription}: the contract and the pages, read once for all instances. {@code streams} (null: no
   * live streams) is shared by every instance too.
   */
  public HttpVerticle(FrontEndContext app, BufferedBytes bodies, OpenConnections connections,
                     SelfDescriptionRoutes selfDescription, LiveStreams streams) {
    this.app = app;
    this.bodies = bodies;
    this.connections = connections;
    this.selfDescription = selfDescription;
    this.streams = streams;
  }

  @Override
  public Future<?> start() {
    guard = new ConnectionGuard(vertx, connections, app.config().http().headerTimeoutMs(), app.metrics());
    accessLog = app.config().http().accessLog() ? new AccessLog(app.accessLogLimit()) : null;
    Router router = Router.router(vertx);
    if (streams != null) {
      // Ahead of track(): a stream is a long-lived WebSocket, neither a request in flight (the drain must not wait
      // for it) nor a connection for the header timeout, which stops while the stream is open.
      router.get(LiveStreams.PATH).handler(ctx -> streams.handle(ctx, guard.requestStarted(ctx.request())));
      // HEAD answers as GET does without an upgrade (426), as on every GET route
      router.head(LiveStreams.PATH).handler(ctx -> streams.handle(ctx, guard.requestStarted(ctx.request())));
      // any other method: 405 with Allow (the catch-all track() below would otherwise make it a 404)
      router.route(LiveStreams.PATH).handler(ctx -> ctx.fail(405));
      allowed.put(LiveStreams.PATH, "GET, HEAD");
    }
    router.route().handler(this::track);
    if (!app.config().http().corsOrigins().isEmpty()) {
      router.route().handler(Cors.handler(app.config().http().corsOrigins()));
    }
    router.post("/v1/snr-detect").handler(new AnalysisHandler(vertx, app, bodies, Operation.SNR));
    router.post("/v1/speaker-count").handler(new AnalysisHandler(vertx, app, bodies, Operation.SPEAKERS));
    router.post("/v1/analyze").handler(new AnalysisHandler(vertx, app, bodies, Operation.ANALYZE));
    JobsHandler jobs = new JobsHandler(vertx, app, bodies);
    router.post(JobsHandler.ROUTE).handler(jobs::submit);
    router.route(JobsHandler.ROUTE + "/:id").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(jobs::get);
    router.delete(JobsHandler.ROUTE + "/:id").handler(jobs::cancel);
    HealthHandlers health = new HealthHandlers(app.health());
    router.route("/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health::live);
    router.route("/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health::ready);
    router.route("/metrics").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(PrometheusScrapingHandler.create(app.registry()));
    if (app.config().demoEnabled()) {
      demo = new DemoRoutes(vertx);
      demo.mount(router);
    }
    allowed.putAll(selfDescription.mount(router));
    router.errorHandler(404, ctx -> ProblemResponder.send(ctx.response(), Problems.notFound(ctx.request().path())));
    router.errorHandler(405, ctx -> {
      String methods = allowed.get(JobsHandler.template(ctx.request().path()));
      if (methods != null) {
        ctx.response().putHeader("Allow", methods);
      }
      ProblemResponder.send(ctx.response(),
          Problems.methodNotAllowed(ctx.request().method().name(), ctx.request().path()));
    });
    // vertx-web fails a request with 400 before routing it (a bad percent-escape in the path, no Host header):
    // the client's error, answered as a problem and logged as one rate-limited line, not a stack trace.
    router.errorHandler(400, ctx -> {
      Problem problem = ctx.failure() != null ? Problems.malformedBody(ctx.failure())
          : Problems.badRequest("the request URI cannot be decoded (a bad percent-escape?)");
      ClientErrors.seen(400, problem.detail());
      ProblemResponder.send(ctx.response(), problem);
    });
    // CorsHandler refuses a request from an origin outside http.cors_origins with 403.
    // CorsHandler sets its own reason phrase; ours is the standard one, the explanation is in the problem.
    router.errorHandler(403, ctx -> ProblemResponder.send(ctx.response().setStatusMessage("Forbidden"),
        Problems.originNotAllowed()));
    router.errorHandler(500, ctx -> ProblemResponder.send(ctx.response(), Problems.internal(ctx.failure())));
    // With HTTP/2 cleartext on, Vert.x creates a connection only once its first request head is in (it looks for
    // an h2c upgrade), so a client that never finishes a head would escape the connection guard.
    server = vertx.createHttpServer(new HttpServerOptions()
            .setHttp2ClearTextEnabled(app.config().http().h2c())
            .setIdleTimeout((int) idleTimeoutMs(app.config().inference().maxTimeoutMs(), app.config().demoEnabled()))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectionHandler(connection -> {
          guard.opened(connection);
          RefusedBodyDrop.install(connection, app.metrics()::refusedBodyDropped);
        })
        .invalidRequestHandler(ProtocolErrors::answer)
        .requestHandler(request -> {
          RefusedBodyDrop.handled(request);
          router.handle(request);
        });
    return server.listen(app.config().http().port());
  }

  /**
   * A connection with no bytes either way for this long is closed: a client that stopped mid-request, or an
   * idle keep-alive. Every request is answered by its deadline (at most {@code maxTimeoutMs}; a demo wait at
   * most {@link DemoRoutes#MAX_MS}), so with the slack this never cuts a request that is being worked on.
   */
  static long idleTimeoutMs(long maxTimeoutMs, boolean demoEnabled) {
    return Math.max(maxTimeoutMs, demoEnabled ? DemoRoutes.MAX_MS : 0) + IDLE_SLACK_MS;
  }

  /** Stops accepting connections, lets requests in flight finish (up to the longest deadline), then closes. */
  @Override
  public Future<?> stop() {
    if (demo != null) {
      demo.close();
    }
    return server.shutdown(Duration.ofMillis(app.config().inference().maxTimeoutMs()));
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void track(RoutingContext ctx) {
    long start = System.nanoTime();
    app.inFlight().started();
    Runnable connectionIdle = guard.requestStarted(ctx.request());
    String requestId = RequestIds.of(ctx.request());
    ctx.response().putHeader(RequestIds.HEADER, requestId);
    ctx.addEndHandler(ended -> {
      app.inFlight().finished();
      connectionIdle.run();
      if (accessLog != null) {
        accessLog.ended(ctx.request(), requestId, start, ended.succeeded());
      }
    });
    ctx.next();
  }
}
