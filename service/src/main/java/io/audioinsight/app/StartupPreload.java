package io.audioinsight.app;

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
 *
 * <p>Beyond the objects touched below, {@code preload-classes.txt} lists the vertx/netty/jackson/micrometer
 * classes that a start-up and one pass of the README examples loaded after Vertx was built (a poor man's CDS;
 * regenerate with {@code scripts/preload-classes.sh}). They are loaded, not initialised, so no static
 * initialiser runs early; a stale entry is skipped.
 */
final class StartupPreload {

  private StartupPreload() {}

  /**
   * Before Vertx is built (a clustered one binds its event-bus server on an event loop while it joins): the listed
   * classes, and the static initialisers that cost most on a loop. Netty registers its buffer events with JDK Flight
   * Recorder when the first pooled chunk is allocated, which builds JFR's whole metadata repository: 100-400 ms
   * measured on the event loop that wrote the first HTTP response of each node (three-node benchmark, busy cores).
   */
  static void beforeVertx() {
    loadListedClasses();
    ClassLoader loader = StartupPreload.class.getClassLoader();
    for (String name : new String[] {"io.netty.buffer.AllocateChunkEvent", "io.netty.buffer.FreeChunkEvent",
        "io.netty.buffer.AllocateBufferEvent", "io.netty.buffer.FreeBufferEvent", "io.netty.buffer.ReallocateBufferEvent",
        "io.netty.channel.DefaultChannelPipeline", "io.netty.channel.socket.nio.NioServerSocketChannel",
        "io.netty.channel.socket.nio.NioSocketChannel"}) {
      try {
        Class.forName(name, true, loader);
      } catch (ClassNotFoundException | LinkageError absent) {
        // another Netty version: nothing to initialise early
      }
    }
  }

  static void run(Vertx vertx, PrometheusMeterRegistry registry) {
    loadListedClasses(); // already loaded by beforeVertx when the service started normally: cheap
    new HttpServerOptions();
    Router.router(vertx);
    PrometheusScrapingHandler.create(registry);
    registry.scrape();
    new JsonObject("{\"a\":[1,2.5,\"x\"]}").encode();
    ResultJson.preload();
  }

  private static void loadListedClasses() {
    ClassLoader loader = StartupPreload.class.getClassLoader();
    try (var in = StartupPreload.class.getResourceAsStream("preload-classes.txt")) {
      if (in == null) {
        return;
      }
      for (String name : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        try {
          Class.forName(name.trim(), false, loader);
        } catch (ClassNotFoundException | LinkageError stale) {
          // the list is advisory: a class that no longer exists is simply not preloaded
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
