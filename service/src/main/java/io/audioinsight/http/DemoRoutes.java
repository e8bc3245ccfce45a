package io.audioinsight.http;

import io.audioinsight.api.Problems;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The three ways to wait, side by side (only when {@code demo.enabled}): a sleep ON the event loop (the bug
 * the blocked-thread checker exists for), a sleep on a worker pool, and a timer.
 */
final class DemoRoutes {

  static final String POOL_NAME = "demo-blocking";
  private static final int POOL_SIZE = 4;
  static final int MAX_MS = 10_000;

  private final Vertx vertx;
  private final WorkerExecutor pool;

  DemoRoutes(Vertx vertx) {
    this.vertx = vertx;
    this.pool = vertx.createSharedWorkerExecutor(POOL_NAME, POOL_SIZE);
  }

  void mount(Router router) {
    // HEAD too, as on every GET route (README: "HEAD works wherever GET does").
    router.route("/ping/blocking").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::blocking);
    router.route("/ping/worker").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::worker);
    router.route("/ping/async").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::async);
  }

  void close() {
    pool.close();
  }

  private void blocking(RoutingContext ctx) {
    Integer ms = millis(ctx);
    if (ms != null) {
      sleep(ms); // deliberately on the event loop: this is the anti-pattern being demonstrated
      reply(ctx, "blocking", ms, Thread.currentThread().getName());
    }
  }

  private void worker(RoutingContext ctx) {
    Integer ms = millis(ctx);
    if (ms != null) {
      pool.executeBlocking(() -> {
        sleep(ms);
        return Thread.currentThread().getName();
      }, false).onComplete(ar -> reply(ctx, "worker", ms, ar.succeeded() ? ar.result() : "?"));
    }
  }

  private void async(RoutingContext ctx) {
    Integer ms = millis(ctx);
    if (ms != null) {
      vertx.setTimer(ms, id -> reply(ctx, "async", ms, Thread.currentThread().getName()));
    }
  }

  private static Integer millis(RoutingContext ctx) {
    String raw = ctx.queryParams().get("ms");
    try {
      int ms = Integer.parseInt(raw == null ? "" : raw.trim());
      if (ms >= 1 && ms <= MAX_MS) {
        return ms;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    ProblemResponder.send(ctx.response(),
        Problems.badParameter("ms", "ms must be an integer between 1 and " + MAX_MS + ", got '" + raw + "'"));
    return null;
  }

  /** {@code thread} is where the waiting happened. */
  private static void reply(RoutingContext ctx, String how, int ms, String thread) {
    ctx.response().putHeader("Content-Type", "application/json")
        .end("{\"wait\":\"" + how + "\",\"ms\":" + ms + ",\"thread\":\"" + thread + "\"}");
  }

  private static void sleep(int ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
