package io.audioinsight.http;

import io.audioinsight.observe.ServiceMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One HTTP verticle's watch over its connections: the shared {@link OpenConnections} limit, and the header
 * timeout. A connection must deliver a whole request head within {@code headerTimeoutMs} of opening, and again
 * within that long of its last answer; otherwise it is closed. That stops a client from holding a connection
 * with a half-sent head (the idle timeout would not: trickled bytes keep resetting it), and it is also the
 * keep-alive limit. A request being read or answered is not timed here: its body and answer have deadlines.
 *
 * <p>Everything runs on the verticle's event loop (Vert.x calls a server's handlers on the context that
 * created it), so the map needs no lock.
 */
final class ConnectionGuard {

  private final Vertx vertx;
  private final OpenConnections open;
  private final long headerTimeoutMs;
  private final ServiceMetrics metrics;
  private final Map<HttpConnection, Watch> watched = new IdentityHashMap<>();

  ConnectionGuard(Vertx vertx, OpenConnections open, long headerTimeoutMs, ServiceMetrics metrics) {
    this.vertx = vertx;
    this.open = open;
    this.headerTimeoutMs = headerTimeoutMs;
    this.metrics = metrics;
  }

  /** The server's connection handler. */
  void opened(HttpConnection connection) {
    if (!open.tryOpen()) {
      metrics.connectionRefused();
      connection.close();
      return;
    }
    Watch watch = new Watch(connection);
    watched.put(connection, watch);
    connection.closeHandler(v -> {
      watch.stopTimer();
      watched.remove(connection);
      open.closed();
    });
    watch.waitForHead();
  }

  /**
   * Called for every request whose head has arrived; the returned action must run once when its exchange ends
   * (the router's end handler: the response was sent or the connection closed).
   */
  Runnable requestStarted(HttpServerRequest request) {
    Watch watch = watched.get(request.connection());
    if (watch == null) {
      return () -> {};
    }
    watch.active++;
    watch.stopTimer();
    return watch::requestDone;
  }

  /** A connection's timer and the requests it has open. */
  private final class Watch {
    private final HttpConnection connection;
    private long timer = -1;
    private int active;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void waitForHead() {
      stopTimer();
      timer = vertx.setTimer(headerTimeoutMs, id -> {
        timer = -1;
        metrics.headerTimeout();
        connection.close();
      });
    }

    void requestDone() {
      if (active > 0 && --active == 0) {
        waitForHead();
      }
    }

    void stopTimer() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
