package io.audioinsight.client;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A small command-line client of {@code GET /v1/stream}: streams a WAV file at real-time speed (or as fast as
 * possible) in frames of {@code --frame-ms}, prints every event the server sends, with the wall time since the
 * start, then stops the stream and prints the summary. Exit status 0 when the server closes with 1000.
 *
 * <p>Usage: {@code LiveStreamClient FILE.wav [--url ws://localhost:8080/v1/stream] [--frame-ms 32] [--fast]
 * [--vad-threshold T] [--vad-hop-size N]}; {@code scripts/stream-client.sh} runs it.
 */
public final class LiveStreamClient {

  private LiveStreamClient() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].startsWith("-")) {
      System.err.println("usage: stream-client.sh FILE.wav [--url ws://HOST:PORT/v1/stream] [--frame-ms 32] [--fast]"
          + " [--vad-threshold T] [--vad-hop-size N]");
      System.exit(2);
    }
    PcmWav wav = PcmWav.read(Path.of(args[0]));
    URI url = URI.create("ws://localhost:8080/v1/stream");
    int frameMs = 32;
    boolean fast = false;
    JsonObject start = new JsonObject().put("type", "start").put("sample_rate", wav.sampleRate())
        .put("encoding", wav.encoding()).put("channels", wav.channels());
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = URI.create(args[++i]);
        case "--frame-ms" -> frameMs = Integer.parseInt(args[++i]);
        case "--fast" -> fast = true;
        case "--vad-threshold" -> start.put("vad_threshold", Double.parseDouble(args[++i]));
        case "--vad-hop-size" -> start.put("vad_hop_size", Integer.parseInt(args[++i]));
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    URI target = url;
    Vertx vertx = Vertx.vertx();
    WebSocketClient client = vertx.createWebSocketClient();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    long t0 = System.nanoTime();
    int frameBytes = Math.max(wav.frameBytes(), wav.bytesPerSecond() * frameMs / 1000 / wav.frameBytes()
        * wav.frameBytes());
    long frameNanos = (long) frameBytes * 1_000_000_000L / wav.bytesPerSecond();
    boolean realTime = !fast;
    client.connect(new WebSocketConnectOptions().setHost(target.getHost())
            .setPort(target.getPort() > 0 ? target.getPort() : 80).setURI(target.getRawPath()))
        .onFailure(t -> {
          System.err.println("cannot open " + target + ": " + t.getMessage());
          exit.complete(1);
        })
        .onSuccess(ws -> {
          ws.textMessageHandler(text -> System.out.printf(Locale.ROOT, "%8.3f s  %s%n",
              (System.nanoTime() - t0) / 1e9, text));
          ws.closeHandler(v -> {
            System.out.printf(Locale.ROOT, "%8.3f s  closed %s %s%n", (System.nanoTime() - t0) / 1e9,
                ws.closeStatusCode(), ws.closeReason());
            exit.complete(ws.closeStatusCode() != null && ws.closeStatusCode() == 1000 ? 0 : 1);
          });
          ws.writeTextMessage(start.encode());
          send(vertx, ws, wav.pcm(), 0, frameBytes, frameNanos, System.nanoTime(), realTime);
        });
    int status = exit.get();
    vertx.close();
    System.exit(status);
  }

  /** Sends frame after frame, each at its real-time due instant (not after the previous one), then stop. */
  private static void send(Vertx vertx, WebSocket ws, byte[] pcm, int at, int frameBytes, long frameNanos,
                           long startNanos, boolean realTime) {
    if (ws.isClosed()) {
      return;
    }
    if (at >= pcm.length) {
      ws.writeTextMessage("{\"type\":\"stop\"}");
      return;
    }
    int n = Math.min(frameBytes, pcm.length - at);
    ws.writeBinaryMessage(Buffer.buffer().appendBytes(pcm, at, n));
    int next = at + n;
    long due = startNanos + (next / frameBytes) * frameNanos;
    long waitMs = realTime ? Math.max(1, (due - System.nanoTime()) / 1_000_000) : 0;
    if (waitMs == 0) {
      vertx.runOnContext(v -> send(vertx, ws, pcm, next, frameBytes, frameNanos, startNanos, realTime));
    } else {
      vertx.setTimer(waitMs, id -> send(vertx, ws, pcm, next, frameBytes, frameNanos, startNanos, realTime));
    }
  }
}
