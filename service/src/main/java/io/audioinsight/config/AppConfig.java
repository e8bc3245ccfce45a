package io.audioinsight.config;

/**
 * The whole validated configuration. {@code shutdownGraceMs}: how long new requests are still served after SIGTERM.
 * {@code pages}: which human-facing pages (docs, playground) are served. {@code logFormat}: text or JSON lines.
 */
public record AppConfig(
    HttpConfig http,
    InferenceConfig inference,
    VadConfig vad,
    SpeakersConfig speakers,
    VertxConfig vertx,
    long shutdownGraceMs,
    boolean demoEnabled,
    PagesConfig pages,
    LogFormat logFormat) {

  public AppConfig withHttp(HttpConfig http) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat);
  }

  public AppConfig withInference(InferenceConfig inference) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat);
  }

  public AppConfig withVertx(VertxConfig vertx) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat);
  }

  public AppConfig withShutdownGraceMs(long graceMs) {
    return new AppConfig(http, inference, vad, speakers, vertx, graceMs, demoEnabled, pages, logFormat);
  }

  public AppConfig withDemoEnabled(boolean enabled) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, enabled, pages, logFormat);
  }

  public AppConfig withPages(PagesConfig pages) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat);
  }
}
