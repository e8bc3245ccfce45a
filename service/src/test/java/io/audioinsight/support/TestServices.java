package io.audioinsight.support;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.config.AppConfig;
import io.audioinsight.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a real service in-process on a free port, with config overrides given as dotted keys. */
public final class TestServices {

  /** The shipped conf/config.json, found from the repository root that Maven passes (".." without it). */
  public static final Path CONFIG_FILE =
      Path.of(System.getProperty("audioinsight.root", ".."), "conf", "config.json");

  private TestServices() {}

  public static AppConfig config(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>(Map.of(
        "http.port", Integer.toString(freePort()),
        "http.instances", "2",
        "inference.pool_size", "2",
        "shutdown.grace_ms", "0", "vertx.warning_exception_time_ms", "110",
        "jobs.dir", tempJobsDir()));
    props.putAll(overrides);
    return ConfigLoader.load(CONFIG_FILE, true, props, Map.of());
  }

  /** Starts the service and waits for the port to be bound (not for warm-up). */
  public static Service start(AppConfig config, Analyzer analyzer) throws Exception {
    return Service.start(config, analyzer).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Starts the service and waits until it is warm (readiness green). */
  public static Service startWarm(AppConfig config, Analyzer analyzer) throws Exception {
    Service service = start(config, analyzer);
    service.warm().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return service;
  }

  public static void stop(Service service) throws Exception {
    if (service != null) {
      service.shutdown().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  /** A fresh directory per service, so that tests never share (or leave behind) a job store. */
  public static String tempJobsDir() {
    return TempDirs.create("audio-insight-jobs").toString();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
