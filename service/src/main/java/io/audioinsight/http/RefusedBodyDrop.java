package io.audioinsight.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.http1.Http1ServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.function.LongConsumer;

/**
 * Drops the rest of a refused HTTP/1.x request body inside Netty's pipeline, before Vert.x sees it.
 *
 * <p>Why: Vert.x copies every body chunk from Netty's pooled buffer into a new heap buffer before any handler of
 * ours can look at it ({@code BufferInternal.safeBuffer}). A body we have already refused (queue full, too large)
 * was thus still copied, only to be dropped: in a retry storm of 320 KB uploads the loops made 2-3 GB/s of garbage,
 * a G1 pause every ~55 ms, and those pauses were the health probe's p99 (docs/BENCHMARKS.md, loop latency). Here
 * each chunk is released where Netty decoded it, and only the end of the body goes on, as an empty last chunk, so
 * Vert.x still ends the request and the connection carries on with the next one.
 *
 * <p>One instance per HTTP/1.x connection, put before Vert.x's own handler when the connection opens
 * ({@link #install}). Vert.x may hold messages that have passed here in a queue of its own (a pipelined request
 * waits until the answer before it is written), so the request a handler refuses is not always the one whose body
 * is passing now: {@link #start} drops only when the refused request's head is the latest to have passed here (the
 * same Netty object, noted as Vert.x hands the request to the service: {@link #handled}) and its end has not.
 * Otherwise (a head that passed before the handler was in place, a later head already through, HTTP/2, Vert.x
 * internals not as expected) it says no, and the caller drops chunks as Vert.x delivers them.
 */
final class RefusedBodyDrop extends ChannelInboundHandlerAdapter {

  static final String NAME = "audioInsightRefusedBodyDrop";
  /** The name Vert.x gives its own HTTP/1.x handler, the last inbound one in the pipeline. */
  static final String VERTX_HANDLER = "handler";

  private final LongConsumer droppedBytes;
  /** The latest request head to have passed this handler, and whether its end has too. */
  private HttpRequest latestHead;
  private boolean latestHeadEnded = true;
  /** The head of the request Vert.x last handed to the service on this connection ({@link #handled}). */
  private HttpRequest handledHead;
  private boolean dropping;

  RefusedBodyDrop(LongConsumer droppedBytes) {
    this.droppedBytes = droppedBytes;
  }

  /**
   * Puts a drop handler on a new HTTP/1.x connection, before its first request head is read; {@code droppedBytes}
   * counts what it releases. Does nothing on other connections. Called on the connection's event loop.
   */
  static void install(HttpConnection connection, LongConsumer droppedBytes) {
    if (!(connection instanceof ConnectionBase base) || !base.channel().eventLoop().inEventLoop()) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(VERTX_HANDLER) != null && pipeline.get("httpDecoder") != null && pipeline.get(NAME) == null) {
      pipeline.addBefore(VERTX_HANDLER, NAME, new RefusedBodyDrop(droppedBytes));
    }
  }

  /**
   * Notes the request Vert.x hands to the service; call it first thing for every request, with the request as Vert.x
   * gives it (before a router wraps it).
   */
  static void handled(HttpServerRequest request) {
    RefusedBodyDrop drop = of(request);
    if (drop != null) {
      drop.handledHead = request instanceof Http1ServerRequest http1 ? http1.nettyRequest() : null;
    }
  }

  /**
   * Drops the rest of {@code request}'s body unread, from the next chunk Netty decodes up to its end. Call it on the
   * connection's event loop, while {@code request} is the one being answered. False where it cannot: the caller's
   * own chunk handler then sees the chunks as before.
   */
  static boolean start(HttpServerRequest request) {
    RefusedBodyDrop drop = of(request);
    if (drop == null || request.isEnded() || drop.handledHead == null || drop.handledHead != drop.latestHead
        || drop.latestHeadEnded) {
      return false; // a later head, or this request's end, has already passed: what comes is not this body
    }
    drop.dropping = true;
    return true;
  }

  private static RefusedBodyDrop of(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2 || !(request.connection() instanceof ConnectionBase base)
        || !base.channel().eventLoop().inEventLoop()) {
      return null;
    }
    return base.channel().pipeline().get(RefusedBodyDrop.class);
  }

  /** From now to the end of the current request's body, body chunks are released here (tests). */
  void dropRestOfBody() {
    dropping = true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest head) {
      latestHead = head;
      latestHeadEnded = false;
      dropping = false; // a new request's head is never part of the refused body
    }
    if (msg instanceof LastHttpContent) {
      latestHeadEnded = true;
    }
    if (!dropping || msg instanceof HttpRequest || !(msg instanceof HttpContent content)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!content.decoderResult().isSuccess()) {
      // A malformed chunk: Vert.x answers it (400 and close); the body ends there.
      dropping = false;
      ctx.fireChannelRead(msg);
      return;
    }
    boolean last = content instanceof LastHttpContent;
    droppedBytes.accept(content.content().readableBytes());
    content.release();
    if (last) {
      dropping = false;
      ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }
}
