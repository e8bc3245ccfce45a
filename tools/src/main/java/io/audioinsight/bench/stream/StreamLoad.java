package io.audioinsight.bench.stream;

import io.audioinsight.bench.load.LatencyStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on {@code GET /v1/stream}: {@code --streams} concurrent WebSocket clients, opened evenly over {@code --ramp}
 * seconds, each sending a 16 kHz 16-bit mono WAV clip (looped) in 32 ms frames at real-time pace for
 * {@code --duration} seconds, then stop. Reports: streams that ran to their summary and how the others closed;
 * {@code overloaded} events; the client-side frame send lag (a loaded client would understate the server's load);
 * speech event delay as the client sees it (from sending the frame that holds the speech boundary to the event:
 * it includes the segmenter's rules, e.g. 150 ms of speech before a start is certain, and the model's one-chunk
 * look-ahead); and, from the server's /metrics (difference over the run), event latency from the arrival of the
 * audio that completed an event to its send (histogram quantiles), Silero rows per model call, overload closes,
 * and blocked-thread events.
 *
 * <p>Usage: {@code StreamLoad --url ws://localhost:8090/v1/stream --metrics http://localhost:8090/metrics
 * --wav target/bench/clip-10s.wav --streams 400 --duration 60 --ramp 20}.
 */
public final class StreamLoad {

  private static final int FRAME_MS = 32;
  /** How often each client event loop sends the frames that have come due: a quarter of a frame. */
  private static final int TICK_MS = 8;

  private final Vertx vertx;
  private final URI url;
  private final byte[] pcm;
  private final double durationS;
  private final Map<String, AtomicLong> closes = new ConcurrentHashMap<>();
  private final AtomicLong overloaded = new AtomicLong();
  private final AtomicLong summaries = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();
  /** Streams closed 1013 (overload), by half of the opening order: the first opened half, the second. */
  private final AtomicLong overloadClosesFirstHalf = new AtomicLong();
  private final AtomicLong overloadClosesSecondHalf = new AtomicLong();
  private int streamsTotal;
  private final List<Long> startDelays = new ArrayList<>();
  private final List<Long> endDelays = new ArrayList<>();
  private final List<Long> sendLags = new ArrayList<>();

  private StreamLoad(Vertx vertx, URI url, byte[] pcm, double durationS) {
    this.vertx = vertx;
    this.url = url;
    this.pcm = pcm;
    this.durationS = durationS;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    URI url = URI.create(o.getOrDefault("url", "ws://localhost:8090/v1/stream"));
    String metricsUrl = o.getOrDefault("metrics", "http://" + url.getHost() + ":" + url.getPort() + "/metrics");
    int streams = Integer.parseInt(o.getOrDefault("streams", "100"));
    double duration = Double.parseDouble(o.getOrDefault("duration", "60"));
    double ramp = Double.parseDouble(o.getOrDefault("ramp", "10"));
    byte[] wav = Files.readAllBytes(Path.of(o.getOrDefault("wav", "target/bench/clip-10s.wav")));
    byte[] pcm = Arrays.copyOfRange(wav, 44, wav.length); // the bench clips: canonical 44-byte header, 16 kHz mono s16

    Vertx vertx = Vertx.vertx();
    WebClient http = WebClient.create(vertx);
    StreamLoad load = new StreamLoad(vertx, url, pcm, duration);
    load.streamsTotal = streams;
    String before = http.getAbs(metricsUrl).send().await().bodyAsString();
    // the steady state: from 10 s after the last stream opened to 5 s before the first one stops (every stream
    // open and sending, none summarising), as the script's CPU figures
    String[] steady = new String[2];
    long steadyFromMs = (long) ((ramp + 10) * 1000);
    long steadyToMs = (long) ((duration - 5) * 1000);
    if (steadyToMs > steadyFromMs) {
      vertx.setTimer(steadyFromMs, id -> http.getAbs(metricsUrl).send().onSuccess(r -> steady[0] = r.bodyAsString()));
      vertx.setTimer(steadyToMs, id -> http.getAbs(metricsUrl).send().onSuccess(r -> steady[1] = r.bodyAsString()));
    }
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(streams * 2));
    List<Future<Void>> done = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      Promise<Void> p = Promise.promise();
      done.add(p.future());
      long delayMs = (long) (ramp * 1000 * s / streams) + 1;
      int offset = s;
      vertx.setTimer(delayMs, id -> load.runOne(client, offset, p));
    }
    Future.join(done).await();
    String after = http.getAbs(metricsUrl).send().await().bodyAsString();
    vertx.close();
    load.report(streams, duration, before, after);
    if (steady[0] != null && steady[1] != null) {
      System.out.printf(Locale.ROOT, "steady state (%.0f-%.0f s, every stream open):%n", ramp + 10, duration - 5);
      latencies(steady[0], steady[1]);
      System.out.printf(Locale.ROOT, "  overload closes %.0f, refused upgrades %.0f, open streams at its end %.0f%n",
          delta(steady[0], steady[1], "audio_stream_overload_total"),
          delta(steady[0], steady[1], "audio_streams_refused_total"), sum(steady[1], "audio_streams_open", ""));
    }
  }

  /** One client: start, frames at real-time pace from its own point of the clip, stop, wait for the close. */
  private void runOne(WebSocketClient client, int seed, Promise<Void> done) {
    client.connect(new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort()).setURI(url.getPath()))
        .onFailure(t -> {
          connectFailures.incrementAndGet();
          closes.computeIfAbsent("connect failed: " + t.getMessage(), k -> new AtomicLong()).incrementAndGet();
          done.complete();
        })
        .onSuccess(ws -> {
          int frameBytes = 16_000 * 2 * FRAME_MS / 1000;
          int frames = (int) (durationS * 1000 / FRAME_MS);
          long[] sentAt = new long[frames];
          int clipFrames = pcm.length / frameBytes;
          int first = (seed * 37) % clipFrames; // streams start at different points of the clip
          long t0 = System.nanoTime();
          ws.textMessageHandler(text -> onEvent(new JsonObject(text), sentAt, t0));
          ws.closeHandler(v -> {
            String key = ws.closeStatusCode() + " " + (ws.closeStatusCode() != null && ws.closeStatusCode() == 1000 ? ""
                : ws.closeReason());
            closes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            if (ws.closeStatusCode() != null && ws.closeStatusCode() == 1013) {
              (2 * seed < streamsTotal ? overloadClosesFirstHalf : overloadClosesSecondHalf).incrementAndGet();
            }
            done.complete();
          });
          ws.writeTextMessage("{\"type\":\"start\",\"sample_rate\":16000,\"encoding\":\"pcm_s16le\",\"channels\":1}");
          sendersOf(Thread.currentThread()).add(new Sender(ws, t0, frames, first, clipFrames, frameBytes, sentAt));
        });
  }

  /**
   * The streams of one event loop, sent by one periodic tick of that loop: a timer per stream would wake the loop
   * 31 times a second per stream (12,500 wake-ups a second at 400 streams), and the selector's bookkeeping for them
   * cost more CPU than the frames themselves; the client shares the machine with the service it measures.
   */
  private final Map<Thread, List<Sender>> senders = new ConcurrentHashMap<>();

  /** The senders of this event loop (each connection has a context of its own, but they share the loop threads). */
  private List<Sender> sendersOf(Thread loop) {
    return senders.computeIfAbsent(loop, c -> {
      List<Sender> list = new ArrayList<>();
      // set from a handler on this loop, so the tick runs on it too: the list is only ever touched by this thread
      vertx.setPeriodic(1, TICK_MS, id -> list.removeIf(Sender::sendDue));
      return list;
    });
  }

  /** One stream's sending side: every frame whose due time has come, from its own point of the clip. */
  private final class Sender {
    private final WebSocket ws;
    private final long t0;
    private final int frames;
    private final int first;
    private final int clipFrames;
    private final int frameBytes;
    private final long[] sentAt;
    private final long[] lags;
    private int next;

    Sender(WebSocket ws, long t0, int frames, int first, int clipFrames, int frameBytes, long[] sentAt) {
      this.ws = ws;
      this.t0 = t0;
      this.frames = frames;
      this.first = first;
      this.clipFrames = clipFrames;
      this.frameBytes = frameBytes;
      this.sentAt = sentAt;
      this.lags = new long[frames];
    }

    /** Sends the frames now due (a late tick sends the missed ones at once, as a client would); true when done. */
    boolean sendDue() {
      long now = System.nanoTime();
      while (next < frames && !ws.isClosed() && now - t0 >= (long) next * FRAME_MS * 1_000_000L) {
        int k = next++;
        int c = (first + k) % clipFrames;
        sentAt[k] = now;
        lags[k] = now - t0 - (long) k * FRAME_MS * 1_000_000L;
        ws.writeBinaryMessage(Buffer.buffer(frameBytes).appendBytes(pcm, c * frameBytes, frameBytes));
      }
      if (next >= frames || ws.isClosed()) {
        if (!ws.isClosed()) {
          ws.writeTextMessage("{\"type\":\"stop\"}");
        }
        synchronized (sendLags) {
          for (int k = 0; k < next; k++) {
            sendLags.add(lags[k]);
          }
        }
        return true;
      }
      return false;
    }
  }

  private void onEvent(JsonObject e, long[] sentAt, long t0) {
    long now = System.nanoTime();
    String type = e.getString("type");
    switch (type) {
      case "overloaded" -> overloaded.incrementAndGet();
      case "summary" -> summaries.incrementAndGet();
      case "speech_start", "speech_end" -> {
        double t = e.getDouble("t");
        int frame = (int) Math.min(sentAt.length - 1, Math.floor(t * 1000 / FRAME_MS));
        if (frame >= 0 && sentAt[frame] > 0) {
          List<Long> into = type.equals("speech_start") ? startDelays : endDelays;
          synchronized (into) {
            into.add(now - sentAt[frame]);
          }
        }
      }
      default -> { }
    }
  }

  private void report(int streams, double duration, String before, String after) {
    System.out.printf(Locale.ROOT, "streams %d x %.0f s, 32 ms frames at real-time pace: %d summaries, "
        + "%d overloaded events, %d connect failures%n", streams, duration, summaries.get(), overloaded.get(),
        connectFailures.get());
    closes.forEach((k, v) -> System.out.printf(Locale.ROOT, "  closed %-60s x %d%n", k, v.get()));
    System.out.printf(Locale.ROOT, "overload closes (1013) among the first half opened: %d, the second half: %d%n",
        overloadClosesFirstHalf.get(), overloadClosesSecondHalf.get());
    print("client frame send lag", sendLags);
    print("client-seen speech_start delay (from the boundary's frame)", startDelays);
    print("client-seen speech_end delay (from the boundary's frame)", endDelays);
    latencies(before, after);
    double frames = delta(before, after, "audio_stream_frames_total");
    System.out.printf(Locale.ROOT, "server frames %.0f = %.1f s of audio%n", frames, frames * FRAME_MS / 1000.0);
    double rows = delta(before, after, "audio_stream_batch_size_sum");
    double calls = delta(before, after, "audio_stream_batch_size_count");
    System.out.printf(Locale.ROOT, "Silero model calls %.0f, rows %.0f, mean batch %.1f%n", calls, rows,
        calls > 0 ? rows / calls : 0);
    System.out.printf(Locale.ROOT, "overload closes %.0f, blocked-thread events %.0f%n",
        delta(before, after, "audio_stream_overload_total"), delta(before, after, "app_blocked_thread_events_total"));
  }

  /** Server event latency quantiles between two scrapes of /metrics. */
  private static void latencies(String before, String after) {
    for (String event : new String[] {"speech_start", "speech_end"}) {
      double[] q = histogramQuantiles(before, after, "audio_stream_event_latency_seconds_bucket", "event=\"" + event
          + "\"", 0.5, 0.99);
      System.out.printf(Locale.ROOT, "server %s latency (arrival of the completing frame -> send): p50 %.1f ms, "
          + "p99 %.1f ms%n", event, q[0] * 1000, q[1] * 1000);
    }
  }

  private static void print(String what, List<Long> nanos) {
    long[] a;
    synchronized (nanos) {
      a = nanos.stream().mapToLong(Long::longValue).toArray();
    }
    if (a.length == 0) {
      System.out.println(what + ": none");
      return;
    }
    LatencyStats s = LatencyStats.ofNanos(a);
    System.out.printf(Locale.ROOT, "%s: n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, s.count(), s.p50Ms(),
        s.p99Ms(), s.maxMs());
  }

  /** Sum over the lines of {@code name} (any labels) after minus before. */
  private static double delta(String before, String after, String name) {
    return sum(after, name, "") - sum(before, name, "");
  }

  private static double sum(String text, String name, String labelPart) {
    double total = 0;
    for (String line : text.split("\n")) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(labelPart)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** Quantiles of a Prometheus histogram's increase over the run, interpolated inside buckets. */
  private static double[] histogramQuantiles(String before, String after, String bucket, String labelPart,
                                             double... qs) {
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    for (String[] side : new String[][] {{after, "1"}, {before, "-1"}}) {
      for (String line : side[0].split("\n")) {
        if (line.startsWith(bucket + "{") && line.contains(labelPart)) {
          int le = line.indexOf("le=\"") + 4;
          String bound = line.substring(le, line.indexOf('"', le));
          double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
          double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * Double.parseDouble(side[1]);
          cumulative.merge(upper, v, Double::sum);
        }
      }
    }
    double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    double[] out = new double[qs.length];
    for (int i = 0; i < qs.length; i++) {
      double target = qs[i] * total;
      double lowerBound = 0;
      double lowerCount = 0;
      out[i] = Double.NaN;
      for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
        if (e.getValue() >= target && total > 0) {
          double upper = e.getKey().isInfinite() ? lowerBound : e.getKey();
          double span = e.getValue() - lowerCount;
          out[i] = span <= 0 ? upper : lowerBound + (upper - lowerBound) * (target - lowerCount) / span;
          break;
        }
        lowerBound = e.getKey();
        lowerCount = e.getValue();
      }
    }
    return out;
  }
}
