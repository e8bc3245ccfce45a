package io.audioinsight.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Drops the rest of a refused HTTP/1.x request body inside Netty's pipeline, before Vert.x sees it.
 *
 * <p>Why: Vert.x copies every body chunk from Netty's pooled buffer into a new heap buffer before any handler of
 * ours can look at it ({@code BufferInternal.safeBuffer}). A body we have already refused (queue full, too large)
 * was thus still copied, only to be dropped: in a retry storm of 320 KB uploads the loops made 2-3 GB/s of garbage,
 * a G1 pause every ~80 ms, and those pauses were the health probe's p99 (docs/BENCHMARKS.md, loop latency). Here
 * each chunk is released where Netty decoded it, and only the end of the body goes on, as an empty last chunk, so
 * Vert.x still ends the request and the connection carries on with the next one.
 *
 * <p>One instance per connection, added before Vert.x's own handler on the first refusal and kept; it drops only
 * between {@link #dropRestOfBody} and the end of that request's body. It touches Vert.x internals (the connection's
 * Netty channel), so where they are not what we expect (HTTP/2, another Vert.x version) {@link #start} says no and
 * the caller drops chunks as Vert.x delivers them.
 */
final class RefusedBodyDrop extends ChannelInboundHandlerAdapter {

  static final String NAME = "audioInsightRefusedBodyDrop";
  /** The name Vert.x gives its own HTTP/1.x handler, the last inbound one in the pipeline. */
  static final String VERTX_HANDLER = "handler";

  private boolean dropping;

  /**
   * Drops the rest of {@code request}'s body unread, from the next chunk Netty decodes up to its end. Call it on the
   * connection's event loop. False where it cannot (HTTP/2, a body already ended, or a connection that is not
   * Vert.x's plain HTTP/1.x one): the caller's own chunk handler then sees the chunks as before.
   */
  static boolean start(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2 || request.isEnded()
        || !(request.connection() instanceof ConnectionBase connection)) {
      return false;
    }
    if (!connection.channel().eventLoop().inEventLoop()) {
      return false;
    }
    ChannelPipeline pipeline = connection.channel().pipeline();
    if (pipeline.get(VERTX_HANDLER) == null) {
      return false;
    }
    RefusedBodyDrop drop = (RefusedBodyDrop) pipeline.get(NAME);
    if (drop == null) {
      drop = new RefusedBodyDrop();
      pipeline.addBefore(VERTX_HANDLER, NAME, drop);
    }
    drop.dropRestOfBody();
    return true;
  }

  /** From now to the end of the current request's body, body chunks are released here. */
  void dropRestOfBody() {
    dropping = true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (dropping && msg instanceof HttpRequest) {
      // A new request's head (Vert.x may assemble a small request's head and body into one message): never ours.
      dropping = false;
    }
    if (!dropping || !(msg instanceof HttpContent content)) {
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
    content.release();
    if (last) {
      dropping = false;
      ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }
}
