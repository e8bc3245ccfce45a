package io.audioinsight.config;

import java.util.List;

/** Every configuration key with its default and allowed range; conf/config.json and the README mirror this list. */
public final class ConfigKeys {

  static final long MIB = 1024L * 1024L;

  static final List<ConfigKey> ALL = List.of(
      ConfigKey.integer("http.port", 8080, 0, 65_535, "TCP port of the HTTP API (0 = any free port)"),
      ConfigKey.integer("http.instances", 0, 0, 1_024, "HttpVerticle instances (0 = one per event loop)"),
      ConfigKey.longValue("http.max_body_bytes", 64 * MIB, 1_024, 1_024 * MIB,
          "largest request body accepted; checked while reading (413 beyond)"),
      ConfigKey.longValue("http.max_buffered_bytes", 256 * MIB, 1_024, 64 * 1_024 * MIB,
          "request bytes all requests together may hold in memory; reserved from Content-Length before the body is "
              + "read (503 beyond); at least http.max_body_bytes"),
      ConfigKey.integer("http.max_connections", 10_000, 1, 1_000_000,
          "open connections on the HTTP port; one beyond is closed at once (keep it under the process's file limit)"),
      ConfigKey.longValue("http.header_timeout_ms", 10_000, 1, 600_000,
          "a connection must send a whole request head within this long of opening or of its last answer, "
              + "else it is closed (also the keep-alive idle limit)"),
      ConfigKey.bool("http.h2c", false,
          "accept HTTP/2 over cleartext (prior knowledge or upgrade); off because Vert.x then sees a connection only "
              + "after its first request head, so http.max_connections and http.header_timeout_ms cannot guard it"),
      ConfigKey.origins("http.cors_origins",
          "web origins allowed to call the API from a browser (CORS), comma-separated; empty = CORS off"),
      ConfigKey.integer("http.read_slice_bytes", 16 * 1_024, 0, 16 * 1_024 * 1_024,
          "the most bytes one connection reads per event-loop turn before the loop serves its other connections, "
              + "so large uploads cannot hold up a health check on the same loop (0 = Netty's default: up to 16 "
              + "reads of 64 KiB; else at least 1024)"),
      ConfigKey.bool("http.access_log", true,
          "one log line per request (method, path, status, bytes, duration, request id), at most 50 a second"),
      ConfigKey.integer("management.port", 0, 0, 65_535,
          "TCP port of a second server with only /health/live, /health/ready and /metrics, on its own event loop "
              + "and outside http.max_connections (0 = off)"),
      ConfigKey.integer("inference.pool_size", 0, 0, 1_024,
          "threads in the audio-inference worker pool (0 = available processors)"),
      ConfigKey.integer("inference.max_queue", 0, 0, 1_000_000,
          "jobs allowed to wait for a pool thread before 503 (0 = 4 x pool size)"),
      ConfigKey.longValue("inference.default_timeout_ms", 30_000, 1, 3_600_000,
          "deadline of a request that gives no timeout_ms"),
      ConfigKey.longValue("inference.max_timeout_ms", 120_000, 1, 3_600_000,
          "cap on a request's timeout_ms"),
      ConfigKey.decimal("inference.max_audio_seconds", 600, 1, 86_400,
          "longest audio accepted (413 beyond); checked from the WAV header"),
      ConfigKey.decimal("inference.max_queued_audio_seconds", 3_600, 1, 10_000_000,
          "most seconds of audio allowed to wait for the pool before 503 (cost = duration from the WAV header)"),
      ConfigKey.bool("inference.admission_control", true,
          "enforce inference.max_queue and inference.max_queued_audio_seconds (false: unbounded queue, for benchmarks)"),
      ConfigKey.integer("inference.thread_nice", 10, 0, 19,
          "added to the Linux nice value of the audio-inference threads, so the event loops run first when every "
              + "core is busy (0 = unchanged)"),
      ConfigKey.choice("vad.engine", "auto", List.of("auto", "dsp", "silero"),
          "voice activity engine (auto = the best one in this build)"),
      ConfigKey.choice("speakers.engine", "auto", List.of("auto", "embedding", "classic"),
          "speaker counter: embedding (learned speaker embedding), classic (MFCC + ΔBIC), auto = embedding when its "
              + "model loads; a corrupted model file stops start-up"),
      ConfigKey.text("speakers.model", "", 4_096,
          "the speaker-embedding model's .onnx file, with NAME.onnx.sha256 and NAME.json beside it (empty = the "
              + "model inside the jar)"),
      ConfigKey.integer("vad.hop_size", 512, 160, 16_000, "default vad_hop_size (samples at 16 kHz)"),
      ConfigKey.decimal("vad.threshold", 0.5, 0.001, 0.999, "default vad_threshold"),
      ConfigKey.longValue("vertx.max_event_loop_execute_time_ms", 100, 1, 60_000,
          "blocked-thread checker: longest an event-loop task may run before a warning"),
      ConfigKey.longValue("vertx.blocked_thread_check_interval_ms", 100, 1, 60_000,
          "blocked-thread checker: how often it looks"),
      ConfigKey.longValue("vertx.warning_exception_time_ms", 5_000, 1, 3_600_000,
          "blocked-thread checker: blocked this long, the warning carries a stack trace"),
      ConfigKey.longValue("shutdown.grace_ms", 5_000, 0, 600_000,
          "on SIGTERM: readiness turns 503 and requests are still served this long before in-flight work drains"),
      ConfigKey.bool("demo.enabled", false, "serve the /ping/* demo routes"),
      ConfigKey.bool("docs.enabled", true, "serve the interactive API docs (Swagger UI) at /docs"),
      ConfigKey.bool("playground.enabled", true, "serve the playground page at /"),
      ConfigKey.choice("log.format", "text", List.of("text", "json"),
          "log lines as text, or as one JSON object per line for log shippers"),
      ConfigKey.text("jobs.dir", "data/jobs", 4_096,
          "directory of the job store and the audio spool (created if missing); jobs survive restarts here"),
      ConfigKey.decimal("jobs.max_audio_seconds", 14_400, 1, 86_400,
          "longest audio a job accepts (413 beyond); WAV is analysed in chunks of jobs.chunk_seconds"),
      ConfigKey.decimal("jobs.chunk_seconds", 300, 10, 3_600,
          "audio analysed per pool task in a job (compressed audio is decoded to a WAV first, then cut the same way)"),
      ConfigKey.decimal("jobs.retention", 86_400, 0.1, 31_536_000,
          "seconds a finished job (result and audio) is kept before it is deleted"),
      ConfigKey.integer("jobs.max_queued", 1_000, 1, 1_000_000,
          "unfinished jobs allowed before POST /v1/jobs answers 503"),
      ConfigKey.longValue("jobs.max_spool_bytes", 20_480 * MIB, MIB, 1_048_576 * MIB,
          "audio bytes all kept jobs may hold on disk under jobs.dir before POST /v1/jobs answers 503"),
      ConfigKey.longValue("jobs.max_upload_bytes", 4_096 * MIB, 1_024, 1_048_576 * MIB,
          "largest raw audio body POST /v1/jobs streams to disk (413 beyond); JSON and multipart bodies keep "
              + "http.max_body_bytes"),
      ConfigKey.decimal("jobs.context_seconds", 128, 0, 600,
          "audio before each chunk of a job analysed but not reported, so that the voice activity network starts "
              + "each chunk in the state it has there in the whole file (0: none, chunks start cold)"),
      ConfigKey.integer("jobs.parallelism", 0, 0, 1_024,
          "chunks of one job analysed at once (0 = inference.pool_size); chunks start only while no synchronous "
              + "request waits for the pool"),
      ConfigKey.bool("fetch.allow_private_networks", false,
          "let audio_url and callback_url reach loopback, private, link-local and other non-public addresses "
              + "(tests, trusted networks); off, such URLs are refused with 400"),
      ConfigKey.longValue("fetch.max_bytes", 4_096 * MIB, 1_024, 1_048_576 * MIB,
          "largest audio_url download for a job (413 beyond); the analysis routes keep http.max_body_bytes"),
      ConfigKey.longValue("fetch.timeout_ms", 600_000, 1, 86_400_000,
          "longest an audio_url download may take, redirects included (400 beyond)"),
      ConfigKey.text("jobs.callback_secret", "", 4_096,
          "HMAC-SHA256 key that signs job callbacks (X-Audio-Insight-Signature); callback_url is refused while empty"),
      ConfigKey.longValue("jobs.callback_backoff_ms", 1_000, 1, 3_600_000,
          "delay before the first retry of a failed callback; doubled for each of the 4 retries after it"),
      ConfigKey.integer("stream.max_streams", 500, 0, 100_000,
          "open live streams (GET /v1/stream) at once; an upgrade beyond gets 503 + Retry-After (0 = streams off)"),
      ConfigKey.longValue("stream.max_lag_ms", 2_000, 100, 600_000,
          "audio a stream may have waiting for the pool; beyond it the server sends overloaded and closes with 1013"),
      ConfigKey.decimal("stream.max_duration_s", 600, 1, 86_400,
          "longest stream in audio seconds (then the summary and close 1008); the audio kept for the summary is "
              + "bounded by it"),
      ConfigKey.longValue("stream.idle_timeout_ms", 30_000, 100, 3_600_000,
          "a stream with no message or pong for this long is closed with 1008; the server pings every half of it"),
      ConfigKey.integer("stream.max_message_bytes", 65_536, 1_024, 65_536,
          "largest WebSocket message on a stream (1008 beyond)"),
      ConfigKey.integer("stream.batch_size", 64, 1, 1_024,
          "most streams per Silero model call (cross-stream micro-batching; 1 = off)"),
      ConfigKey.longValue("stream.batch_wait_ms", 4, 0, 1_000,
          "longest a stream's ready chunk waits for others to fill a Silero batch"),
      ConfigKey.longValue("stream.max_buffered_bytes", 0, 0, 1_024 * 1_024 * MIB,
          "audio bytes all open streams together keep for their summaries (0 = a third of the JVM's maximum heap); "
              + "a stream whose next message does not fit gets its summary and close 1013, an upgrade while it is "
              + "full gets 503 + Retry-After"),
      ConfigKey.bool("cluster.enabled", false,
          "join a cluster of nodes on Vert.x's clustered event bus (Hazelcast); a full node forwards work to one "
              + "with room (README \"Running a cluster\")"),
      ConfigKey.text("cluster.host", "127.0.0.1", 253,
          "address this node binds and announces to the others, for Hazelcast and the event bus"),
      ConfigKey.integer("cluster.port", 5701, 1, 65_535, "Hazelcast member port (membership)"),
      ConfigKey.integer("cluster.bus_port", 5801, 0, 65_535,
          "clustered event-bus port, where forwarded audio travels (0 = any free port)"),
      ConfigKey.text("cluster.members", "", 65_536,
          "members to join over TCP-IP (no multicast): comma-separated host:port of their cluster.port; empty = "
              + "start a cluster that others join"));

  private ConfigKeys() {}

  /** The documented keys, for tooling and the README table. */
  public static List<String> paths() {
    return ALL.stream().map(ConfigKey::path).toList();
  }
}
