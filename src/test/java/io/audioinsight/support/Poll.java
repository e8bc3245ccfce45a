package io.audioinsight.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/** Waits for a condition that pool threads flip (the test cannot await it directly) by polling on a timer. */
public final class Poll {

  private Poll() {}

  public static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(2, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future();
  }
}
