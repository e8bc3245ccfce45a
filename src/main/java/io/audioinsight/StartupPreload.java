package io.audioinsight;

import io.audioinsight.api.ResultJson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * Loads and initialises the heavy classes (vertx-web, HTTP server options, Jackson serializers for the results,
 * the Prometheus scraper) on the main thread before any verticle starts. Otherwise the first deployment and
 * the first request pay class loading on an event loop: 100-400 ms measured on a busy 2-core machine, which the
 * blocked-thread checker rightly flags.
 */
final class StartupPreload {

  private StartupPreload() {}

  static void run(Vertx vertx, PrometheusMeterRegistry registry) {
    new HttpServerOptions();
    Router.router(vertx);
    PrometheusScrapingHandler.create(registry);
    registry.scrape();
    new JsonObject("{\"a\":[1,2.5,\"x\"]}").encode();
    ResultJson.preload();
  }
}
