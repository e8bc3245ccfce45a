package io.audioinsight.config;

/**
 * The whole validated configuration. {@code shutdownGraceMs}: how long new requests are still served after SIGTERM.
 * {@code pages}: which human-facing pages (docs, playground) are served.
 */
public record AppConfig(
    HttpConfig http,
    InferenceConfig inference,
    VadConfig vad,
    VertxConfig vertx,
    long shutdownGraceMs,
    boolean demoEnabled,
    PagesConfig pages) {

  public AppConfig withHttp(HttpConfig http) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, pages);
  }

  public AppConfig withInference(InferenceConfig inference) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, pages);
  }

  public AppConfig withVertx(VertxConfig vertx) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, pages);
  }

  public AppConfig withShutdownGraceMs(long graceMs) {
    return new AppConfig(http, inference, vad, vertx, graceMs, demoEnabled, pages);
  }

  public AppConfig withDemoEnabled(boolean enabled) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, enabled, pages);
  }

  public AppConfig withPages(PagesConfig pages) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, pages);
  }
}
