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
    // One-shot timers, each arming the next: a periodic timer cancelled from its own handler could fire before
    // setPeriodic returned on the test thread, and Vert.x then threw inside cancelTimer (the future never ended).
    vertx.setTimer(2, id -> check(vertx, condition, done, giveUp, calledFrom));
    return done.future();
  }

  private static void check(Vertx vertx, BooleanSupplier condition, Promise<Void> done, long giveUp,
                            Throwable calledFrom) {
    if (condition.getAsBoolean()) {
      done.tryComplete();
    } else if (System.nanoTime() > giveUp) {
      done.tryFail(new IllegalStateException(
          "condition still false after " + GIVE_UP_MS + " ms; see the cause for where it was awaited", calledFrom));
    } else {
      vertx.setTimer(2, id -> check(vertx, condition, done, giveUp, calledFrom));
    }
  }
}
