package io.audioinsight.config;

/** The whole validated configuration. {@code shutdownGraceMs}: how long new requests are still served after SIGTERM. */
public record AppConfig(
    HttpConfig http,
    InferenceConfig inference,
    VadConfig vad,
    VertxConfig vertx,
    long shutdownGraceMs,
    boolean demoEnabled,
    JobsConfig jobs,
    FetchConfig fetch) {

  public AppConfig withHttp(HttpConfig http) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, jobs, fetch);
  }

  public AppConfig withInference(InferenceConfig inference) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, jobs, fetch);
  }

  public AppConfig withVertx(VertxConfig vertx) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, jobs, fetch);
  }

  public AppConfig withShutdownGraceMs(long graceMs) {
    return new AppConfig(http, inference, vad, vertx, graceMs, demoEnabled, jobs, fetch);
  }

  public AppConfig withJobs(JobsConfig jobs) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, demoEnabled, jobs, fetch);
  }

  public AppConfig withDemoEnabled(boolean enabled) {
    return new AppConfig(http, inference, vad, vertx, shutdownGraceMs, enabled, jobs, fetch);
  }
}
