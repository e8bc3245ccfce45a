package io.audioinsight.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes on a raw TCP connection, for requests no HTTP client would send: malformed heads, half-sent heads,
 * hostile chunking. Answers are read as text.
 */
public final class RawHttp {

  /** What the server sent before it closed the connection (or, with {@code untilAnswer}, once one answer was in). */
  public record Exchange(String text, boolean closedByServer) {
    public int status() {
      if (!text.startsWith("HTTP/")) {
        return -1;
      }
      return Integer.parseInt(text.substring(9, 12));
    }

    public String header(String name) {
      String head = text.substring(0, Math.max(0, text.indexOf("\r\n\r\n")));
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    public String body() {
      int at = text.indexOf("\r\n\r\n");
      return at < 0 ? "" : text.substring(at + 4);
    }
  }

  private final Vertx vertx;
  private final NetClient client;
  private final int port;

  public RawHttp(Vertx vertx, int port) {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.port = port;
  }

  /** Sends {@code bytes} and completes with the first whole answer (by Content-Length), or what came before close. */
  public Future<Exchange> send(byte[] bytes) {
    return open().compose(socket -> exchange(socket, bytes));
  }

  public Future<Exchange> send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A connection that is kept open; its future completes when it is connected. */
  public Future<NetSocket> open() {
    return client.connect(port, "localhost");
  }

  /** Completes when the server closes {@code socket}. */
  public static Future<Void> closedByServer(NetSocket socket) {
    Promise<Void> closed = Promise.promise();
    socket.closeHandler(v -> closed.tryComplete());
    return closed.future();
  }

  private Future<Exchange> exchange(NetSocket socket, byte[] bytes) {
    Promise<Exchange> answer = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(chunk -> {
      received.appendBuffer(chunk);
      String text = received.toString(StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd >= 0 && text.length() >= headEnd + 4 + contentLength(text.substring(0, headEnd))) {
        answer.tryComplete(new Exchange(text, false));
      }
    });
    socket.closeHandler(v -> answer.tryComplete(new Exchange(received.toString(StandardCharsets.ISO_8859_1), true)));
    socket.write(Buffer.buffer(bytes)).onFailure(answer::tryFail);
    return answer.future().onComplete(done -> socket.close());
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  public void close() {
    client.close();
  }
}
