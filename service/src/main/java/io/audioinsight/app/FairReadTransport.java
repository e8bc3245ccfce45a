package io.audioinsight.app;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpConfig;
import io.vertx.core.transport.Transport;
import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's NIO transport, except that an accepted connection reads at most one buffer of up to {@code sliceBytes}
 * per event-loop turn before the loop moves on to its other connections and tasks.
 *
 * <p>Why: Netty reads a readable connection up to 16 times per turn, 64 KiB each, so a loop with 16 clients pushing
 * large bodies reads (and Vert.x copies) up to 16 MiB before it looks at the next ready connection. A health check
 * that shares the loop with them waited 16 ms at the median in a flood of 2 MB uploads (docs/BENCHMARKS.md, loop
 * latency). One slice per turn shares the loop among connections in small, equal steps; a large upload still
 * streams, in more turns. Unlike a small SO_RCVBUF ({@code HttpServerOptions.setReceiveBufferSize}), the kernel's
 * receive window keeps its auto-tuning, so uploads over long, fast links are not throttled.
 */
final class FairReadTransport implements Transport {

  private final io.vertx.core.spi.transport.Transport nio = Transport.NIO.implementation();
  private final int sliceBytes;

  /** @param sliceBytes the most bytes one connection reads per event-loop turn (at least 1024) */
  FairReadTransport(int sliceBytes) {
    if (sliceBytes < 1024) {
      throw new IllegalArgumentException("read slice below 1024 bytes: " + sliceBytes);
    }
    this.sliceBytes = sliceBytes;
  }

  @Override
  public String name() {
    return "nio-fair-read";
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public Throwable unavailabilityCause() {
    return null;
  }

  @Override
  public io.vertx.core.spi.transport.Transport implementation() {
    return new Implementation();
  }

  /** The NIO implementation with the server's accepted channels set to one read per turn. */
  private final class Implementation implements io.vertx.core.spi.transport.Transport {

    @Override
    public void configure(TcpConfig config, boolean domainSocket, ServerBootstrap bootstrap) {
      nio.configure(config, domainSocket, bootstrap);
      // Adaptive sizing as Netty's default (64 B minimum, 2 KiB initial guess), capped at one slice, one read
      // per turn. Applied after Vert.x's own options: with http receive_buffer_size set, Vert.x installs a fixed
      // allocator before calling this.
      int initial = Math.min(2048, sliceBytes);
      bootstrap.childOption(ChannelOption.RCVBUF_ALLOCATOR,
          new AdaptiveRecvByteBufAllocator(64, initial, sliceBytes).maxMessagesPerRead(1));
    }

    @Override
    public void configure(TcpConfig config, boolean domainSocket, Bootstrap bootstrap) {
      nio.configure(config, domainSocket, bootstrap);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
      nio.configure(channel, options);
    }

    @Override
    public boolean supportsDomainSockets() {
      return nio.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
      return nio.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
      return nio.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
      return nio.unavailabilityCause();
    }

    @Override
    public java.net.SocketAddress convert(SocketAddress address) {
      return nio.convert(address);
    }

    @Override
    public SocketAddress convert(java.net.SocketAddress address) {
      return nio.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return nio.ioHandlerFactory();
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory threadFactory, int ioRatio) {
      return nio.eventLoopGroup(type, threads, threadFactory, ioRatio);
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
      return nio.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends DatagramChannel> datagramChannelFactory() {
      return nio.datagramChannelFactory();
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
      return nio.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
      return nio.serverChannelFactory(domainSocket);
    }
  }
}
