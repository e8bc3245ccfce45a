package io.audioinsight.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A test client of {@code GET /v1/stream}: keeps every text message and completes {@link #closed} on close. */
public final class StreamClient {

  /** How the server closed the stream, and everything it sent before. */
  public record Closed(short code, String reason, List<JsonObject> messages) {

    public List<JsonObject> ofType(String type) {
      return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
    }
  }

  private final WebSocketClient client;
  private final WebSocket ws;
  private final List<JsonObject> messages = new ArrayList<>();
  private final Promise<Closed> closed = Promise.promise();

  private StreamClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(t -> messages.add(new JsonObject(t)));
    ws.closeHandler(v -> {
      closed.tryComplete(new Closed(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode(), ws.closeReason(),
          List.copyOf(messages)));
      client.close();
    });
  }

  public static Future<StreamClient> open(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    return client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI("/v1/stream"))
        .map(ws -> new StreamClient(client, ws))
        .onFailure(t -> client.close());
  }

  /**
   * A WebSocket upgrade of {@code /v1/stream} sent as a plain HTTP request, so that a refusal (its status, headers
   * and problem body, read whole: {@link Answers}) can be checked; the client is held until the test ends.
   */
  public static Future<Map.Entry<HttpClientResponse, Buffer>> upgradeRequest(Vertx vertx, int port) {
    return HeldClients.hold(vertx.createHttpClient()).request(new RequestOptions().setMethod(HttpMethod.GET)
            .setPort(port).setHost("localhost").setURI("/v1/stream").putHeader("Upgrade", "websocket")
            .putHeader("Connection", "Upgrade").putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
            .putHeader("Sec-WebSocket-Version", "13"))
        .compose(Answers::send);
  }

  public StreamClient text(String text) {
    ws.writeTextMessage(text);
    return this;
  }

  public StreamClient start(int rate, String encoding, int channels) {
    return text(new JsonObject().put("type", "start").put("sample_rate", rate).put("encoding", encoding)
        .put("channels", channels).encode());
  }

  public StreamClient binary(byte[] bytes) {
    ws.writeBinaryMessage(Buffer.buffer(bytes));
    return this;
  }

  /** Sends {@code pcm} in messages whose sizes cycle through {@code sizes}. */
  public StreamClient audio(byte[] pcm, int... sizes) {
    int at = 0;
    for (int i = 0; at < pcm.length; i++) {
      int n = Math.min(pcm.length - at, sizes[i % sizes.length]);
      binary(java.util.Arrays.copyOfRange(pcm, at, at + n));
      at += n;
    }
    return this;
  }

  public StreamClient stop() {
    return text("{\"type\":\"stop\"}");
  }

  /** Messages received so far. */
  public List<JsonObject> messages() {
    return List.copyOf(messages);
  }

  public Future<Closed> closed() {
    return closed.future();
  }
}
