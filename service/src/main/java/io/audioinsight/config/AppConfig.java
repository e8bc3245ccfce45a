package io.audioinsight.config;

/**
 * The whole validated configuration. {@code shutdownGraceMs}: how long new requests are still served after SIGTERM.
 * {@code pages}: which human-facing pages (docs, playground) are served. {@code logFormat}: text or JSON lines.
 * {@code jobs}: the asynchronous jobs; {@code fetch}: audio_url downloads and job callbacks; {@code stream}: live
 * streams; {@code cluster}: cluster mode (off by default).
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
    LogFormat logFormat,
    JobsConfig jobs,
    FetchConfig fetch,
    StreamConfig stream,
    ClusterConfig cluster) {

  public AppConfig withHttp(HttpConfig http) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat, jobs, fetch,
        stream, cluster);
  }

  public AppConfig withInference(InferenceConfig inference) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat, jobs, fetch,
        stream, cluster);
  }

  public AppConfig withVertx(VertxConfig vertx) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat, jobs, fetch,
        stream, cluster);
  }

  public AppConfig withShutdownGraceMs(long graceMs) {
    return new AppConfig(http, inference, vad, speakers, vertx, graceMs, demoEnabled, pages, logFormat, jobs, fetch, stream, cluster);
  }

  public AppConfig withDemoEnabled(boolean enabled) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, enabled, pages, logFormat, jobs, fetch,
        stream, cluster);
  }

  public AppConfig withPages(PagesConfig pages) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat, jobs, fetch,
        stream, cluster);
  }

  public AppConfig withJobs(JobsConfig jobs) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat, jobs, fetch,
        stream, cluster);
  }

  public AppConfig withStream(StreamConfig stream) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat, jobs, fetch,
        stream, cluster);
  }

  public AppConfig withCluster(ClusterConfig cluster) {
    return new AppConfig(http, inference, vad, speakers, vertx, shutdownGraceMs, demoEnabled, pages, logFormat, jobs, fetch,
        stream, cluster);
  }
}
