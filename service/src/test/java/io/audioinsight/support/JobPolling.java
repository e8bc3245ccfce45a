package io.audioinsight.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.function.Predicate;

/** Polls {@code GET /v1/jobs/{id}} as a client would, until the answer satisfies a condition. */
public final class JobPolling {

  private static final long GIVE_UP_MS = 60_000;
  private static final long EVERY_MS = 20;

  private JobPolling() {}

  /** The first GET answer (any status) for which {@code done} holds. */
  public static Future<HttpResponse<Buffer>> until(Vertx vertx, Http http, String id,
                                                   Predicate<HttpResponse<Buffer>> done) {
    return until(vertx, http, id, done, GIVE_UP_MS);
  }

  /** As above, giving up after {@code giveUpMs} (for jobs of minutes of audio on busy cores). */
  public static Future<HttpResponse<Buffer>> until(Vertx vertx, Http http, String id,
                                                   Predicate<HttpResponse<Buffer>> done, long giveUpMs) {
    Promise<HttpResponse<Buffer>> result = Promise.promise();
    long giveUp = System.nanoTime() + giveUpMs * 1_000_000L;
    poll(vertx, http, id, done, result, giveUp);
    return result.future();
  }

  /** The job once it has reached a final state (succeeded, failed, cancelled). */
  public static Future<JsonObject> finished(Vertx vertx, Http http, String id) {
    return finished(vertx, http, id, GIVE_UP_MS);
  }

  /** As above, giving up after {@code giveUpMs}. */
  public static Future<JsonObject> finished(Vertx vertx, Http http, String id, long giveUpMs) {
    return until(vertx, http, id, r -> r.statusCode() == 200 && isFinal(r.bodyAsJsonObject().getString("state")),
        giveUpMs).map(HttpResponse::bodyAsJsonObject);
  }

  /** The job once it has reached {@code state}. */
  public static Future<JsonObject> inState(Vertx vertx, Http http, String id, String state) {
    return until(vertx, http, id, r -> r.statusCode() == 200 && state.equals(r.bodyAsJsonObject().getString("state")))
        .map(HttpResponse::bodyAsJsonObject);
  }

  private static boolean isFinal(String state) {
    return "succeeded".equals(state) || "failed".equals(state) || "cancelled".equals(state);
  }

  private static void poll(Vertx vertx, Http http, String id, Predicate<HttpResponse<Buffer>> done,
                           Promise<HttpResponse<Buffer>> result, long giveUp) {
    http.get("/v1/jobs/" + id).onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result())) {
        result.tryComplete(ar.result());
      } else if (System.nanoTime() > giveUp) {
        result.tryFail(new IllegalStateException("job " + id + " never reached the awaited state; last answer: "
            + (ar.succeeded() ? ar.result().statusCode() + " " + ar.result().bodyAsString() : ar.cause())));
      } else {
        vertx.setTimer(EVERY_MS, t -> poll(vertx, http, id, done, result, giveUp));
      }
    });
  }
}
