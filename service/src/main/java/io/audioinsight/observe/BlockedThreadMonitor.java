package io.audioinsight.observe;

import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Counts and logs every blocked-thread checker warning as {@code app_blocked_thread_events_total{thread}}.
 *
 * <p>Vert.x 5 has no public hook for these warnings. The two options were a handler on the checker's logger
 * ({@code io.vertx.core.impl.BlockedThreadChecker}) or the checker's own handler,
 * {@link io.vertx.core.internal.threadchecker.BlockedThreadChecker#setThreadBlockedHandler}. We use the
 * handler: it hands over the thread and the durations as numbers, so nothing parses log text, it works
 * whichever logging backend Vert.x picked (JUL, SLF4J, Log4j 2), and it replaces the default handler, so each
 * warning is logged exactly once, by us. The price is an {@code internal} package, which may change in a
 * minor release; the test {@code BlockedThreadMonitorTest} will say so if it does.
 */
public final class BlockedThreadMonitor {

  private static final System.Logger LOG = System.getLogger(BlockedThreadMonitor.class.getName());

  /** One warning: which thread, how long it had been blocked, and the limit it broke (milliseconds). */
  public record BlockedThread(String thread, long blockedMs, long limitMs) {}

  private final ServiceMetrics metrics;
  private final List<Consumer<BlockedThread>> listeners = new CopyOnWriteArrayList<>();

  private BlockedThreadMonitor(ServiceMetrics metrics) {
    this.metrics = metrics;
  }

  public static BlockedThreadMonitor install(Vertx vertx, ServiceMetrics metrics) {
    BlockedThreadMonitor monitor = new BlockedThreadMonitor(metrics);
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(monitor::onBlocked);
    return monitor;
  }

  /** Called on each warning, on the checker's timer thread; for tests and diagnostics. */
  public void addListener(Consumer<BlockedThread> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<BlockedThread> listener) {
    listeners.remove(listener);
  }

  private void onBlocked(BlockedThreadEvent event) {
    String thread = event.thread().getName();
    BlockedThread b = new BlockedThread(thread, event.duration() / 1_000_000, event.maxExecTime() / 1_000_000);
    metrics.blockedThread(thread);
    String message = "blocked thread: " + thread + " has been blocked for " + b.blockedMs() + " ms (limit "
        + b.limitMs() + " ms)";
    if (event.duration() <= event.warningExceptionTime()) {
      LOG.log(Level.WARNING, message);
    } else {
      VertxException where = new VertxException("thread blocked here");
      where.setStackTrace(event.thread().getStackTrace());
      LOG.log(Level.WARNING, message, where);
    }
    for (Consumer<BlockedThread> l : listeners) {
      l.accept(b);
    }
  }
}
