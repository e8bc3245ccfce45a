package io.audioinsight.http;

import io.audioinsight.api.Problems;
import io.audioinsight.observe.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The management port ({@code management.port}): {@code /health/live}, {@code /health/ready} and {@code /metrics}
 * only, on a Vertx of its own with one event loop. Neither the API's connection limit nor its busy event loops
 * reach it, so an orchestrator's probes and the metrics scrape keep working while clients hold every API
 * connection or flood the API's loops.
 */
public final class ManagementServer {

  private final Vertx vertx;
  private final HttpServer server;

  private ManagementServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts the server; the future completes once the port is bound. */
  public static Future<ManagementServer> start(int port, Health health, PrometheusMeterRegistry registry) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    Router router = Router.router(vertx);
    HealthHandlers handlers = new HealthHandlers(health);
    router.route("/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(handlers::live);
    router.route("/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(handlers::ready);
    router.route("/metrics").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(PrometheusScrapingHandler.create(registry));
    router.errorHandler(404, ctx -> ProblemResponder.send(ctx.response(), Problems.notFound(ctx.request().path())));
    // Every route here takes GET and HEAD only.
    router.errorHandler(405, ctx -> ProblemResponder.send(ctx.response().putHeader("Allow", "GET, HEAD"),
        Problems.methodNotAllowed(ctx.request().method().name(), ctx.request().path())));
    HttpServer server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port)
        .map(s -> new ManagementServer(vertx, s))
        .recover(t -> vertx.close().transform(x -> Future.failedFuture(t)));
  }

  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return vertx.close();
  }
}
