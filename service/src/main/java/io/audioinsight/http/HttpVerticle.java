package io.audioinsight.http;

import io.audioinsight.api.FrontEndContext;
import io.audioinsight.api.Problems;
import io.audioinsight.audio.Operation;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API. Deployed {@code http.instances} times; the instances share one listening port (Vert.x
 * balances connections across them) and one {@link FrontEndContext}. Handlers only route and do non-blocking I/O.
 */
public final class HttpVerticle extends VerticleBase {

  /** Beyond the longest wait for an answer, before an idle connection is closed. */
  private static final long IDLE_SLACK_MS = 5_000;

  private final FrontEndContext app;
  private HttpServer server;
  private DemoRoutes demo;

  public HttpVerticle(FrontEndContext app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(this::track);
    router.post("/v1/snr-detect").handler(new AnalysisHandler(vertx, app, Operation.SNR));
    router.post("/v1/speaker-count").handler(new AnalysisHandler(vertx, app, Operation.SPEAKERS));
    router.post("/v1/analyze").handler(new AnalysisHandler(vertx, app, Operation.ANALYZE));
    HealthHandlers health = new HealthHandlers(app.health());
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(app.registry()));
    if (app.config().demoEnabled()) {
      demo = new DemoRoutes(vertx);
      demo.mount(router);
    }
    router.errorHandler(404, ctx -> ProblemResponder.send(ctx.response(), Problems.notFound(ctx.request().path())));
    router.errorHandler(405, ctx -> ProblemResponder.send(ctx.response(),
        Problems.methodNotAllowed(ctx.request().method().name(), ctx.request().path())));
    router.errorHandler(500, ctx -> ProblemResponder.send(ctx.response(), Problems.internal(ctx.failure())));
    server = vertx.createHttpServer(new HttpServerOptions()
            .setIdleTimeout((int) idleTimeoutMs(app.config().inference().maxTimeoutMs(), app.config().demoEnabled()))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
        .requestHandler(router);
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
    app.inFlight().started();
    ctx.addEndHandler(v -> app.inFlight().finished());
    ctx.next();
  }
}
