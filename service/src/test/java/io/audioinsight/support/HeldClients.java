package io.audioinsight.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the clients a test makes inline reachable until the test ends. Vert.x 5 closes a client, and its
 * connections, once the client object is garbage collected; a client made for one exchange and dropped at once
 * can thus lose its connection halfway under GC pressure (the server then logs {@code client-gone}, and the test
 * sees its connection closed without an answer). Call {@link #release()} when the test (or class) ends.
 */
public final class HeldClients {

  private static final List<Object> HELD = new CopyOnWriteArrayList<>();

  private HeldClients() {}

  public static <T> T hold(T client) {
    HELD.add(client);
    return client;
  }

  public static void release() {
    HELD.clear();
  }
}
