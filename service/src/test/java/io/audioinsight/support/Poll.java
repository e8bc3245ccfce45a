package io.audioinsight.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/** Waits for a condition that pool threads flip (the test cannot await it directly) by polling on a timer. */
public final class Poll {

  /**
   * Shorter than VertxTestContext's 30 s default, so a condition that never holds fails with the line of the
   * {@code until} call that waited for it rather than as an anonymous test timeout.
   */
  static final long GIVE_UP_MS = 20_000;

  private Poll() {}

  public static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    Throwable calledFrom = new Throwable("Poll.until was called here");
    Promise<Void> done = Promise.promise();
    long giveUp = System.nanoTime() + GIVE_UP_MS * 1_000_000L;
    vertx.setPeriodic(2, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.nanoTime() > giveUp) {
        vertx.cancelTimer(id);
        done.tryFail(new IllegalStateException(
            "condition still false after " + GIVE_UP_MS + " ms; see the cause for where it was awaited", calledFrom));
      }
    });
    return done.future();
  }
}
