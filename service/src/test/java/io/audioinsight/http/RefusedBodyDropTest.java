package io.audioinsight.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.Promise;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The refused body is released in Netty's pipeline, Vert.x still sees the request end, and the connection goes on
 * to its next request with nothing dropped from it.
 */
@ExtendWith(VertxExtension.class)
class RefusedBodyDropTest {

  private static final int BODY_BYTES = 2 << 20;

  @Test
  void whileDroppingBodyChunksAreReleasedAndOnlyAnEmptyEndGoesOn() {
    RefusedBodyDrop drop = new RefusedBodyDrop(bytes -> {});
    EmbeddedChannel channel = new EmbeddedChannel(drop);
    drop.dropRestOfBody();
    ByteBuf first = Unpooled.buffer().writeBytes(new byte[1000]);
    ByteBuf last = Unpooled.buffer().writeBytes(new byte[10]);
    channel.writeInbound(new DefaultHttpContent(first), new DefaultLastHttpContent(last));

    List<Object> passed = drain(channel);
    assertThat(passed).containsExactly(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(first.refCnt()).as("released, not leaked").isZero();
    assertThat(last.refCnt()).isZero();
  }

  @Test
  void afterTheBodyEndsTheNextRequestAndItsBodyPassUntouched() {
    RefusedBodyDrop drop = new RefusedBodyDrop(bytes -> {});
    EmbeddedChannel channel = new EmbeddedChannel(drop);
    drop.dropRestOfBody();
    channel.writeInbound(new DefaultLastHttpContent(Unpooled.buffer().writeBytes(new byte[5])));
    drain(channel);

    DefaultHttpRequest next = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/next");
    HttpContent body = new DefaultHttpContent(Unpooled.copiedBuffer("kept", StandardCharsets.US_ASCII));
    channel.writeInbound(next, body);
    assertThat(drain(channel)).containsExactly(next, body);
    body.release();
  }

  @Test
  void aNewRequestHeadEndsDroppingEvenIfNoEndCameBefore() {
    RefusedBodyDrop drop = new RefusedBodyDrop(bytes -> {});
    EmbeddedChannel channel = new EmbeddedChannel(drop);
    drop.dropRestOfBody();
    DefaultHttpRequest next = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    HttpContent body = new DefaultHttpContent(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII));
    channel.writeInbound(next, body);
    assertThat(drain(channel)).containsExactly(next, body);
    body.release();
  }

  @Test
  void aMalformedChunkGoesOnToVertxSoItCanAnswer400AndDroppingStops() {
    RefusedBodyDrop drop = new RefusedBodyDrop(bytes -> {});
    EmbeddedChannel channel = new EmbeddedChannel(drop);
    drop.dropRestOfBody();
    HttpContent bad = new DefaultHttpContent(Unpooled.EMPTY_BUFFER);
    bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad chunk size")));
    HttpContent after = new DefaultHttpContent(Unpooled.copiedBuffer("y", StandardCharsets.US_ASCII));
    channel.writeInbound(bad, after);
    assertThat(drain(channel)).containsExactly(bad, after);
    after.release();
  }

  @Test
  void onAVertxServerTheRefusedBodyNeverReachesTheHandlerAndTheConnectionServesTheNextRequest(Vertx vertx,
      VertxTestContext tc) {
    AtomicLong refusedBytesSeen = new AtomicLong();
    AtomicLong dropped = new AtomicLong();
    Future<Integer> port = server(vertx, dropped).requestHandler(request -> {
      RefusedBodyDrop.handled(request);
      if (request.path().equals("/refused")) {
        boolean started = RefusedBodyDrop.start(request);
        request.handler(chunk -> refusedBytesSeen.addAndGet(chunk.length()));
        request.endHandler(v -> request.response().setStatusCode(started ? 503 : 500).end("refused"));
        return;
      }
      request.body().onSuccess(body -> request.response().end("kept " + body.length()));
    }).listen(0, "127.0.0.1").map(server -> server.actualPort());

    String refusedHead = "POST /refused HTTP/1.1\r\nHost: x\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n";
    String next = "POST /next HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nkept";
    NetClient net = vertx.createNetClient();
    port.compose(p -> net.connect(p, "127.0.0.1"))
        .compose(socket -> {
          Future<String> answers = readUntil(socket, "kept 4");
          socket.write(Buffer.buffer(refusedHead).appendBytes(new byte[BODY_BYTES]).appendString(next));
          return answers;
        })
        .onComplete(tc.succeeding(text -> tc.verify(() -> {
          assertThat(text).startsWith("HTTP/1.1 503").contains("refused").endsWith("kept 4");
          // Vert.x may have taken the first read (up to 64 KiB) with the head, before the drop started.
          assertThat(refusedBytesSeen.get()).as("bytes of the refused body that reached the handler")
              .isLessThan(64 * 1024);
          assertThat(dropped.get() + refusedBytesSeen.get()).as("every byte either dropped or seen, none twice")
              .isEqualTo(BODY_BYTES);
          net.close();
          tc.completeNow();
        })));
  }

  @Test
  void aPipelinedRequestBehindARefusedOneKeepsItsWholeBody(Vertx vertx, VertxTestContext tc) {
    // Vert.x holds /refused and /next's head in its own queue while /slow is answered, so by the time /refused is
    // handled its end has passed the drop: dropping then would eat /next's body instead.
    AtomicLong dropped = new AtomicLong();
    Promise<Void> slowAnswered = Promise.promise();
    Future<Integer> port = server(vertx, dropped).requestHandler(request -> {
      RefusedBodyDrop.handled(request);
      switch (request.path()) {
        case "/slow" -> vertx.setTimer(200, id -> request.response().end("slow"));
        case "/refused" -> {
          boolean started = RefusedBodyDrop.start(request);
          request.handler(chunk -> {});
          request.endHandler(v -> request.response().end(started ? "dropped" : "not-dropped"));
        }
        default -> request.body().onSuccess(body -> request.response().end("kept " + body.length()));
      }
    }).listen(0, "127.0.0.1").map(server -> server.actualPort());

    int nextBytes = 200_000;
    String head = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
        + "POST /refused HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"
        + "POST /next HTTP/1.1\r\nHost: x\r\nContent-Length: " + nextBytes + "\r\n\r\n";
    NetClient net = vertx.createNetClient();
    port.compose(p -> net.connect(p, "127.0.0.1"))
        .compose(socket -> {
          Future<String> answers = readUntil(socket, "kept " + nextBytes, slowAnswered);
          socket.write(Buffer.buffer(head).appendBytes(new byte[1000]));
          // the rest of /next's body only once /slow is answered, when Vert.x works through its queue
          slowAnswered.future().onSuccess(v -> socket.write(Buffer.buffer(new byte[nextBytes - 1000])));
          return answers;
        })
        .onComplete(tc.succeeding(text -> tc.verify(() -> {
          assertThat(text).contains("not-dropped").endsWith("kept " + nextBytes);
          assertThat(dropped.get()).isZero();
          net.close();
          tc.completeNow();
        })));
  }

  @Test
  void aConnectionOpenedWithoutTheHandlerNeverDrops(Vertx vertx, VertxTestContext tc) {
    Future<Integer> port = vertx.createHttpServer().requestHandler(request -> {
      boolean started = RefusedBodyDrop.start(request);
      request.body().onSuccess(body -> request.response().end(started + " " + body.length()));
    }).listen(0, "127.0.0.1").map(server -> server.actualPort());
    NetClient net = vertx.createNetClient();
    port.compose(p -> net.connect(p, "127.0.0.1"))
        .compose(socket -> {
          Future<String> answer = readUntil(socket, "false 5", null);
          socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
          return answer;
        })
        .onComplete(tc.succeeding(text -> tc.verify(() -> {
          net.close();
          tc.completeNow();
        })));
  }

  /** An HTTP server whose connections get the drop handler, counting what it drops into {@code dropped}. */
  private static io.vertx.core.http.HttpServer server(Vertx vertx, AtomicLong dropped) {
    return vertx.createHttpServer().connectionHandler(c -> RefusedBodyDrop.install(c, dropped::addAndGet));
  }

  private static Future<String> readUntil(NetSocket socket, String end) {
    return readUntil(socket, end, null);
  }

  /** Reads until the text ends with {@code end}; completes {@code firstAnswer}, if given, on the first bytes. */
  private static Future<String> readUntil(NetSocket socket, String end, Promise<Void> firstAnswer) {
    Promise<String> text = Promise.promise();
    StringBuilder seen = new StringBuilder();
    socket.handler(chunk -> {
      seen.append(chunk.toString(StandardCharsets.ISO_8859_1));
      if (firstAnswer != null) {
        firstAnswer.tryComplete();
      }
      if (seen.toString().endsWith(end)) {
        text.tryComplete(seen.toString());
      }
    });
    socket.closeHandler(v -> text.tryFail("closed after: " + seen));
    return text.future();
  }

  private static List<Object> drain(EmbeddedChannel channel) {
    List<Object> passed = new ArrayList<>();
    for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
      passed.add(msg);
    }
    return passed;
  }
}
