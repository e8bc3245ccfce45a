package io.audioinsight.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client on a bare socket (blocking; never call it on an event loop), for what a well-behaved client
 * cannot do: vanish without a close handshake.
 */
public final class RawWebSocket implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /** Connects and completes the opening handshake; fails unless the server answers 101. */
  public static RawWebSocket open(int port, String path) throws IOException {
    Socket s = new Socket("localhost", port);
    s.setSoTimeout(10_000);
    String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed during the handshake: " + head);
      }
      head.append((char) c);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      s.close();
      throw new IOException("no upgrade: " + head);
    }
    return new RawWebSocket(s);
  }

  public void text(String text) throws IOException {
    frame(0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  public void binary(byte[] data) throws IOException {
    frame(0x2, data);
  }

  /** A client frame: FIN, the opcode, the masked payload (mask of zeros: the payload goes as is). */
  private void frame(int opcode, byte[] payload) throws IOException {
    out.write(0x80 | opcode);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else {
      out.write(0x80 | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    }
    out.write(new byte[4]);
    out.write(payload);
    out.flush();
  }

  /** Reads the next frame from the server and returns its opcode (0x1 text, 0x2 binary, 0x8 close, 0x9 ping). */
  public int readFrameOpcode() throws IOException {
    InputStream in = socket.getInputStream();
    int b0 = in.read();
    int b1 = in.read();
    if (b0 < 0 || b1 < 0) {
      throw new IOException("connection closed");
    }
    long len = b1 & 0x7f;
    if (len == 126) {
      len = (in.read() << 8) | in.read();
    } else if (len == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) {
        len = (len << 8) | in.read();
      }
    }
    in.readNBytes((int) len);
    return b0 & 0x0f;
  }

  /** Drops the connection with a TCP reset: no close frame, no FIN. */
  public void vanish() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
