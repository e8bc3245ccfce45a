package io.audioinsight.config;

/** The whole validated configuration. {@code shutdownGraceMs}: how long new requests are still served after SIGTERM. */
public record AppConfig(
    HttpConfig http,
    InferenceConfig inference,
    VadConfig vad,
    SpeakersConfig speakers,
    VertxConfig vertx,
    long shutdownGraceMs,
    boolean demoEnabled) {

  public AppConfig withHttp(HttpConfig http) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled);
  }

  public AppConfig withInference(InferenceConfig inference) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled);
  }

  public AppConfig withVertx(VertxConfig vertx) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled);
  }

  public AppConfig withShutdownGraceMs(long graceMs) {
    return new AppConfig(http, inference, vad, speakers, vertx, graceMs, demoEnabled);
  }

  public AppConfig withDemoEnabled(boolean enabled) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, enabled);
  }
}
