package io.audioinsight.config;

/** The whole validated configuration. {@code shutdownGraceMs}: how long new requests are still served after SIGTERM; {@code stream}: live streams. */
public record AppConfig(
    HttpConfig http,
    InferenceConfig inference,
    VadConfig vad,
    VertxConfig vertx,
    long shutdownGraceMs,
    boolean demoEnabled,
    StreamConfig stream) {

  public AppConfig withHttp(HttpConfig http) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, stream);
  }

  public AppConfig withInference(InferenceConfig inference) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, stream);
  }

  public AppConfig withVertx(VertxConfig vertx) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, stream);
  }

  public AppConfig withShutdownGraceMs(long graceMs) {
    return new AppConfig(http, inference, vad, vertx, graceMs, demoEnabled, stream);
  }

  public AppConfig withStream(StreamConfig stream) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, stream);
  }

  public AppConfig withDemoEnabled(boolean enabled) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, enabled, stream);
  }
}
