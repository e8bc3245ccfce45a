package io.audioinsight.observe;

import java.util.concurrent.atomic.AtomicReference;

/** Readiness: STARTING until the pool is warm, READY, then DRAINING from shutdown on. Liveness needs no state. */
public final class Health {

  public enum State { STARTING, READY, DRAINING }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

  public State state() {
    return state.get();
  }

  public boolean isReady() {
    return state.get() == State.READY;
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
