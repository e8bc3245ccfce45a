package io.audioinsight.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads the configuration: the JSON file, then system properties ({@code a.b}), then environment variables
 * ({@code A_B}); later sources win. Every value is validated here, so a bad one stops start-up with one line
 * that names the key and the allowed range.
 *
 * <p>This runs before Vert.x exists, because the Vertx options (the blocked-thread checker) come from the
 * config. That is why it is plain Java rather than vertx-config's ConfigRetriever, which needs a Vertx
 * instance and whose env store would not map {@code HTTP_PORT} to {@code http.port} anyway.
 */
public final class ConfigLoader {

  /** The file used when neither {@code -Dconfig} nor {@code AUDIO_INSIGHT_CONFIG} names one. */
  public static final Path DEFAULT_FILE = Path.of("conf", "config.json");
  public static final String FILE_PROPERTY = "config";
  public static final String FILE_ENV = "AUDIO_INSIGHT_CONFIG";

  private ConfigLoader() {}

  /** Loads from the real process: file chosen by -Dconfig / AUDIO_INSIGHT_CONFIG, System properties, System env. */
  public static AppConfig load() {
    Map<String, String> props = new LinkedHashMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    return load(props, System.getenv());
  }

  public static AppConfig load(Map<String, String> properties, Map<String, String> env) {
    String explicit = properties.getOrDefault(FILE_PROPERTY, env.get(FILE_ENV));
    Path file = explicit != null ? Path.of(explicit) : DEFAULT_FILE;
    boolean required = explicit != null;
    return load(file, required, properties, env);
  }

  /** Precedence: file, then {@code properties}, then {@code env}. A missing optional file means the built-in defaults. */
  public static AppConfig load(Path file, boolean required, Map<String, String> properties, Map<String, String> env) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKeys.ALL) {
      values.put(key.path(), key.defaultValue());
      sources.put(key.path(), "default");
    }
    if (Files.isRegularFile(file)) {
      readFile(file).forEach((k, v) -> {
        values.put(k, v);
        sources.put(k, file.toString());
      });
    } else if (required) {
      throw new ConfigException("config file " + file + " does not exist");
    }
    for (ConfigKey key : ConfigKeys.ALL) {
      String p = properties.get(key.path());
      if (p != null) {
        values.put(key.path(), p);
        sources.put(key.path(), "system property " + key.path());
      }
      String e = env.get(key.envName());
      if (e != null) {
        values.put(key.path(), e);
        sources.put(key.path(), "environment " + key.envName());
      }
    }
    Map<String, Object> parsed = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKeys.ALL) {
      parsed.put(key.path(), key.parse(values.get(key.path()), sources.get(key.path())));
    }
    return build(parsed);
  }

  private static AppConfig build(Map<String, Object> v) {
    InferenceConfig inference = new InferenceConfig(
        (Integer) v.get("inference.pool_size"),
        (Integer) v.get("inference.max_queue"),
        (Long) v.get("inference.default_timeout_ms"),
        (Long) v.get("inference.max_timeout_ms"),
        (Double) v.get("inference.max_audio_seconds"),
        (Double) v.get("inference.max_queued_audio_seconds"),
        (Boolean) v.get("inference.admission_control"),
        (Integer) v.get("inference.thread_nice"));
    if (inference.defaultTimeoutMs() > inference.maxTimeoutMs()) {
      throw new ConfigException("config key inference.default_timeout_ms must be at most inference.max_timeout_ms ("
          + inference.maxTimeoutMs() + "), got " + inference.defaultTimeoutMs());
    }
    if (inference.maxQueuedAudioSeconds() < inference.maxAudioSeconds()) {
      throw new ConfigException("config key inference.max_queued_audio_seconds must be at least "
          + "inference.max_audio_seconds (" + inference.maxAudioSeconds() + "), got " + inference.maxQueuedAudioSeconds());
    }
    HttpConfig http = new HttpConfig(
        (Integer) v.get("http.port"),
        (Integer) v.get("http.instances"),
        (Long) v.get("http.max_body_bytes"),
        (Long) v.get("http.max_buffered_bytes"),
        (Integer) v.get("http.max_connections"),
        (Long) v.get("http.header_timeout_ms"),
        (Boolean) v.get("http.h2c"),
        (Boolean) v.get("http.access_log"),
        (Integer) v.get("http.read_slice_bytes"),
        (Integer) v.get("management.port"),
        origins(v.get("http.cors_origins")));
    if (http.readSliceBytes() > 0 && http.readSliceBytes() < 1_024) {
      throw new ConfigException("config key http.read_slice_bytes must be 0 (Netty's default) or at least 1024, got "
          + http.readSliceBytes());
    }
    if (http.maxBufferedBytes() < http.maxBodyBytes()) {
      throw new ConfigException("config key http.max_buffered_bytes must be at least http.max_body_bytes ("
          + http.maxBodyBytes() + "), got " + http.maxBufferedBytes());
    }
    return new AppConfig(
        http,
        inference,
        new VadConfig((String) v.get("vad.engine"), (Integer) v.get("vad.hop_size"), (Double) v.get("vad.threshold")),
        new SpeakersConfig((String) v.get("speakers.engine"), (String) v.get("speakers.model")),
        new VertxConfig(
            (Long) v.get("vertx.max_event_loop_execute_time_ms"),
            (Long) v.get("vertx.blocked_thread_check_interval_ms"),
            (Long) v.get("vertx.warning_exception_time_ms")),
        (Long) v.get("shutdown.grace_ms"),
        (Boolean) v.get("demo.enabled"),
        new PagesConfig((Boolean) v.get("docs.enabled"), (Boolean) v.get("playground.enabled")),
        LogFormat.valueOf(((String) v.get("log.format")).toUpperCase(java.util.Locale.ROOT)),
        new JobsConfig(
            (String) v.get("jobs.dir"),
            (Double) v.get("jobs.max_audio_seconds"),
            (Double) v.get("jobs.chunk_seconds"),
            (Double) v.get("jobs.retention"),
            (Integer) v.get("jobs.max_queued"),
            (Long) v.get("jobs.max_spool_bytes"),
            (Long) v.get("jobs.max_upload_bytes"),
            (Integer) v.get("jobs.parallelism"),
            (Double) v.get("jobs.context_seconds")),
        new FetchConfig(
            (Boolean) v.get("fetch.allow_private_networks"),
            (Long) v.get("fetch.max_bytes"),
            (Long) v.get("fetch.timeout_ms"),
            (String) v.get("jobs.callback_secret"),
            (Long) v.get("jobs.callback_backoff_ms")),
        new StreamConfig(
            (Integer) v.get("stream.max_streams"),
            (Long) v.get("stream.max_lag_ms"),
            (Double) v.get("stream.max_duration_s"),
            (Long) v.get("stream.idle_timeout_ms"),
            (Integer) v.get("stream.max_message_bytes"),
            (Integer) v.get("stream.batch_size"),
            (Long) v.get("stream.batch_wait_ms"),
            (Long) v.get("stream.max_buffered_bytes")),
        new ClusterConfig(
            (Boolean) v.get("cluster.enabled"),
            ((String) v.get("cluster.host")).trim(),
            (Integer) v.get("cluster.port"),
            (Integer) v.get("cluster.bus_port"),
            ClusterConfig.parseMembers((String) v.get("cluster.members"))));
  }

  @SuppressWarnings("unchecked")
  private static List<String> origins(Object parsed) {
    return (List<String>) parsed;
  }

  /** Flattens the nested JSON file into dotted keys; unknown keys are an error, so typos do not pass silently. */
  private static Map<String, Object> readFile(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("config file " + file + " must hold a JSON object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    flatten("", root, out);
    Set<String> known = ConfigKeys.ALL.stream().map(ConfigKey::path).collect(Collectors.toSet());
    for (String k : out.keySet()) {
      if (!known.contains(k)) {
        throw new ConfigException("config file " + file + " has unknown key " + k + "; known keys: " + String.join(", ", known.stream().sorted().toList()));
      }
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode value = e.getValue();
      if (value.isObject()) {
        flatten(path, value, out);
      } else if (value.isNumber()) {
        out.put(path, value.numberValue());
      } else if (value.isBoolean()) {
        out.put(path, value.booleanValue());
      } else {
        out.put(path, value.asText());
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
