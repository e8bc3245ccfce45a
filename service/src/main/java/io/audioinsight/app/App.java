package io.audioinsight.app;

import io.audioinsight.audio.Analyzer;
import io.audioinsight.config.AppConfig;
import io.audioinsight.config.ConfigException;
import io.audioinsight.config.ConfigLoader;
import io.audioinsight.config.LogFormat;
import io.audioinsight.observe.JsonLogFormatter;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * The command-line entry point: load and validate the config (exit 2 on a bad value, with one line naming the
 * key), build the engine, start the {@link Service}, and drain gracefully on SIGTERM or SIGINT (exit 0).
 */
public final class App {

  private static final System.Logger LOG = System.getLogger(App.class.getName());

  private App() {}

  public static void main(String[] args) {
    configureLogging();
    AppConfig config;
    Analyzer analyzer;
    try {
      config = ConfigLoader.load();
      applyLogFormat(config); // before the engine is built: its choice of VAD is the first line logged
      analyzer = ConfiguredEngine.create(config.vad(), config.speakers());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(config, analyzer);
  }

  /** Starts the service, logs the ready line once warm, and drains on SIGTERM/SIGINT. Exits 1 if start-up fails. */
  public static void run(AppConfig cfg, Analyzer analyzer) {
    configureLogging();
    applyLogFormat(cfg);
    AtomicReference<Service> started = new AtomicReference<>();
    onTermination(started); // on the main thread: installing a signal handler is no job for an event loop
    Service.start(cfg, analyzer)
        .onFailure(t -> {
          LOG.log(Level.ERROR, "start-up failed: " + t.getMessage(), t);
          System.exit(1);
        })
        .onSuccess(service -> {
          started.set(service);
          service.warm().onSuccess(v -> LOG.log(Level.INFO, "ready on :" + service.httpPort() + " ("
              + service.httpInstances() + " http instances, pool " + cfg.inference().threads() + " threads at nice "
              + cfg.inference().threadNice() + ", vad "
              + analyzer.vadEngine() + ", speakers " + analyzer.speakerEngine() + ")"));
          service.warm().onFailure(t -> System.exit(1));
        });
  }

  /**
   * SIGTERM/SIGINT start the drain; the process exits 0 when it is done (at once if start-up has not finished).
   * A signal handler rather than a shutdown hook, because a JVM that exits on a signal reports 143, and
   * because logging is torn down by another hook while shutdown hooks run.
   */
  private static void onTermination(AtomicReference<Service> started) {
    sun.misc.SignalHandler drainThenExit = signal -> {
      Service service = started.get();
      if (service == null) {
        System.exit(0);
      }
      service.shutdown().onComplete(ar -> {
        if (ar.failed()) {
          LOG.log(Level.ERROR, "shutdown failed", ar.cause());
        }
        System.exit(ar.succeeded() ? 0 : 1);
      });
    };
    Signal.handle(new Signal("TERM"), drainThenExit);
    Signal.handle(new Signal("INT"), drainThenExit);
  }

  /** {@code log.format=json}: every handler of the root logger writes one JSON object per line. */
  private static void applyLogFormat(AppConfig cfg) {
    if (cfg.logFormat() == LogFormat.JSON) {
      JsonLogFormatter.install();
    }
  }

  /** One line per record, ISO time first, unless the user configured java.util.logging themselves. */
  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    }
  }
}
