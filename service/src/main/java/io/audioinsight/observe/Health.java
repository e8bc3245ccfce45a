package io.audioinsight.observe;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Readiness: STARTING until the pool is warm, READY, then DRAINING from shutdown on. In cluster mode a READY node
 * that is not (or no longer) a running member reads NOT_JOINED. Liveness needs no state.
 */
public final class Health {

  public enum State { STARTING, READY, DRAINING, NOT_JOINED }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

  /** True unless cluster mode says otherwise; read on every readiness probe, so it must be cheap. */
  private volatile BooleanSupplier joined = () -> true;

  public State state() {
    State s = state.get();
    return s == State.READY && !joined.getAsBoolean() ? State.NOT_JOINED : s;
  }

  public boolean isReady() {
    return state() == State.READY;
  }

  /** Cluster mode: readiness also needs {@code joined}. */
  public void requireMembership(BooleanSupplier joined) {
    this.joined = joined;
  }

  public boolean isDraining() {
    return state.get() == State.DRAINING;
  }

  /** STARTING -> READY; a drain that already began is not undone. */
  public void markReady() {
    state.compareAndSet(State.STARTING, State.READY);
  }

  public void startDraining() {
    state.set(State.DRAINING);
  }
}
