package io.audioinsight.stream;

import io.audioinsight.api.ParamParser;
import io.audioinsight.api.Problem;
import io.audioinsight.http.BufferedBytes;
import io.audioinsight.api.Problems;
import io.audioinsight.api.ResultJson;
import io.audioinsight.audio.VoiceActivityDetector;
import io.audioinsight.config.StreamConfig;
import io.audioinsight.inference.InferencePool;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live streams, service-wide: the route {@code GET /v1/stream} (mounted on every HTTP verticle's router), the limit
 * on open streams, the per-stream VAD states' factory, the scheduler that runs their work on the
 * {@code audio-inference} pool (the Silero batcher, or one task per run for the DSP engine) and the meters.
 */
public final class LiveStreams {

  public static final String PATH = "/v1/stream";
  /** Retry-After of a refused upgrade: streams last long, so a place rarely frees within a second. */
  static final long RETRY_AFTER_SECONDS = 5;

  private final StreamConfig config;
  private final ParamParser params;
  private final Optional<LiveVadFactory> vads;
  private final WorkerExecutor pool;
  private final WorkScheduler scheduler;
  private final Optional<StreamSummary> summaries;
  private final StreamMetrics metrics;
  /**
   * stream.max_buffered_bytes: the audio all open streams keep for their summaries, as sent (600 s of 8-channel 48
   * kHz float is 920 MB), bounded together so that a few such streams, or many long ordinary ones, cannot fill the
   * heap before a per-stream limit stops them.
   */
  private final BufferedBytes memory;
  /** http.cors_origins: when set, a browser page from any other origin may not open a stream either. */
  private final List<String> allowedOrigins;
  private final AtomicInteger open = new AtomicInteger();
  /** Streams with more than half of stream.max_lag_ms waiting: while any is, no new stream is let in. */
  private final AtomicInteger behind = new AtomicInteger();
  /** Opening order: under overload the Silero batcher serves the streams opened first. */
  private final AtomicLong opened = new AtomicLong();

  /**
   * @param vad   the service's voice activity engine (empty: streams are refused with 501)
   * @param threads the audio-inference pool size (the executor is shared by name with the inference service)
   */
  /**
   * Classes the first upgrade would otherwise load on an event loop (the WebSocket handshake and codecs, the
   * forwarded-header parser): loading them takes 100-300 ms on a busy machine, which the blocked-thread checker
   * rightly flags. Loaded here, on the thread that builds the service.
   */
  private static final String[] UPGRADE_CLASSES = {
      "io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13",
      "io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder",
      "io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder",
      "io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator",
      "io.netty.handler.codec.http.websocketx.CloseWebSocketFrame",
      "io.netty.handler.codec.http.websocketx.PingWebSocketFrame",
      "io.vertx.core.http.impl.websocket.ServerWebSocketHandshaker",
      "io.vertx.core.http.impl.websocket.ServerWebSocketImpl",
      "io.vertx.ext.web.impl.ForwardedParser"};

  static {
    for (String name : UPGRADE_CLASSES) {
      try {
        Class.forName(name, true, LiveStreams.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // a renamed class in another Vert.x or Netty version: it is then loaded on first use, as before
      }
    }
  }

  public LiveStreams(Vertx vertx, StreamConfig config, Optional<VoiceActivityDetector> vad, ParamParser params,
                     List<String> allowedOrigins, int threads, long maxExecuteMs, int threadNice, MeterRegistry registry) {
    this.config = config;
    this.params = params;
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.vads = vad.map(LiveVadFactory::new);
    this.pool = InferencePool.shared(vertx, threads, maxExecuteMs, threadNice);
    this.memory = new BufferedBytes(config.bufferedBytesLimit());
    this.metrics = new StreamMetrics(registry, open::get, behind::get, memory);
    this.scheduler = vads.flatMap(LiveVadFactory::sileroModel)
        .<WorkScheduler>map(model -> new SileroBatcher(vertx, pool, model, config.batchSize(), config.batchWaitMs(),
            metrics))
        .orElseGet(() -> new SerialScheduler(pool));
    // a summary decodes at most the longest stream (whole seconds of it, and a little slack for rounding)
    this.summaries = vad.map(engine -> new StreamSummary(vertx, engine, config.maxDurationS() + 1,
        maxExecuteMs, threadNice));
  }

  /**
   * Handles {@code GET /v1/stream}. {@code requestDone} runs if the upgrade is refused (the connection goes back to
   * being an HTTP connection); an upgraded connection never runs it, being a WebSocket until it closes.
   */
  public void handle(RoutingContext ctx, Runnable requestDone) {
    ctx.addEndHandler(ended -> requestDone.run()); // only a refusal ends the HTTP response
    upgrade(ctx);
  }

  /** Open streams now with more than half of stream.max_lag_ms waiting (the {@code audio_streams_behind} gauge). */
  public int behind() {
    return behind.get();
  }

  /** Open streams now (the {@code audio_streams_open} gauge). */
  public int open() {
    return open.get();
  }

  private void upgrade(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (vads.isEmpty()) {
      refuse(ctx, Problem.of(501, "streams-unavailable", "Streams unavailable",
          "this service's engine has no voice activity detector to stream"));
      return;
    }
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    if (upgrade == null || !"websocket".equalsIgnoreCase(upgrade)) {
      ctx.response().putHeader(HttpHeaders.UPGRADE, "websocket");
      refuse(ctx, Problem.of(426, "upgrade-required", "Upgrade required",
          PATH + " is a WebSocket endpoint: open it with a WebSocket client (Upgrade: websocket)"));
      return;
    }
    if (!originAllowed(request)) {
      refuse(ctx, Problems.originNotAllowed());
      return;
    }
    int lagging = behind.get();
    if (lagging > 0) {
      metrics.refusedBehind();
      refuse(ctx, Problem.of(503, "overloaded", "Service overloaded", lagging + " open live stream(s) have more than "
          + "half of stream.max_lag_ms (" + config.maxLagMs() + " ms) of audio waiting for the pool: the streams "
          + "already open come first; retry later").withRetryAfter(RETRY_AFTER_SECONDS));
      return;
    }
    if (memory.full()) {
      metrics.refusedMemory();
      refuse(ctx, Problem.of(503, "overloaded", "Service overloaded", "the open live streams keep "
          + memory.used() + " bytes of audio for their summaries, all of stream.max_buffered_bytes ("
          + memory.capacity() + "); retry later").withRetryAfter(RETRY_AFTER_SECONDS));
      return;
    }
    if (!reservePlace()) {
      metrics.refusedAtLimit();
      refuse(ctx, Problem.of(503, "overloaded", "Service overloaded", "all " + config.maxStreams()
          + " live streams (stream.max_streams) are open; retry later").withRetryAfter(RETRY_AFTER_SECONDS));
      return;
    }
    request.toWebSocket()
        .onSuccess(ws -> new StreamSession(ws, ctx.vertx().getOrCreateContext(), this, open::decrementAndGet).begin())
        .onFailure(t -> open.decrementAndGet());
  }

  /**
   * Browsers apply no CORS to WebSockets: any page may open one to any server, and only the Origin header tells. So
   * where http.cors_origins lists the origins allowed to call the API, the same list (and the service's own origin,
   * for its playground) governs streams. A client that sends no Origin is not a browser page, and is let in.
   */
  private boolean originAllowed(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || allowedOrigins.isEmpty() || allowedOrigins.contains(origin)) {
      return true;
    }
    String host = request.getHeader(HttpHeaders.HOST);
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  private boolean reservePlace() {
    while (true) {
      int n = open.get();
      if (n >= config.maxStreams()) {
        return false;
      }
      if (open.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  private static void refuse(RoutingContext ctx, Problem problem) {
    if (problem.retryAfterSeconds() > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
    }
    ctx.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .end(ResultJson.problem(problem, ctx.response().headers().get("X-Request-Id")));
  }

  StreamWork newWork(StreamStart start, StreamSession session) {
    LiveVadFactory factory = vads.orElseThrow();
    return new StreamWork(start, factory.create(start.params().vadHopSize(), start.params().vadThreshold()),
        scheduler, metrics, session, opened.incrementAndGet());
  }

  /** A stream's waiting audio crossed half of stream.max_lag_ms, upwards ({@code true}) or back down. */
  void behind(boolean nowBehind) {
    if (nowBehind) {
      behind.incrementAndGet();
    } else {
      behind.decrementAndGet();
    }
  }

  BufferedBytes memory() {
    return memory;
  }

  StreamConfig config() {
    return config;
  }

  ParamParser params() {
    return params;
  }

  StreamSummary summaries() {
    return summaries.orElseThrow();
  }

  StreamMetrics metrics() {
    return metrics;
  }

  String engine() {
    return vads.map(LiveVadFactory::engine).orElse("none");
  }

  /** Releases this holder's reference to the shared pool, and the summaries' thread. */
  public Future<Void> close() {
    return Future.all(pool.close(), summaries.map(StreamSummary::close).orElse(Future.succeededFuture()))
        .mapEmpty();
  }
}
