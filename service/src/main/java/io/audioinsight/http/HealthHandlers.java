package io.audioinsight.http;

import io.audioinsight.api.Problems;
import io.audioinsight.observe.Health;
import io.vertx.ext.web.RoutingContext;

/** Liveness (the loop answers) and readiness (pool warm, not draining, joined in cluster mode). */
final class HealthHandlers {

  private final Health health;

  HealthHandlers(Health health) {
    this.health = health;
  }

  void live(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end("{\"status\":\"live\"}");
  }

  void ready(RoutingContext ctx) {
    switch (health.state()) {
      case READY -> ctx.response().putHeader("Content-Type", "application/json").end("{\"status\":\"ready\"}");
      case STARTING -> ProblemResponder.send(ctx.response(),
          Problems.notReady("warming up: the audio-inference pool has not yet run an analysis on every thread"));
      case DRAINING -> ProblemResponder.send(ctx.response(),
          Problems.notReady("draining: the service is shutting down"));
      case NOT_JOINED -> ProblemResponder.send(ctx.response(),
          Problems.notReady("not a member of the cluster (cluster.enabled): not joined yet, or cut off"));
    }
  }
}
