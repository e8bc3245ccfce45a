package io.audioinsight.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FairReadTransportTest {

  private static final int BODY_BYTES = 256 * 1024;

  private Vertx sliced;
  private HttpClient client;

  @AfterEach
  void closeTheSlicedVertx(VertxTestContext ctx) {
    if (sliced == null) {
      ctx.completeNow();
      return;
    }
    sliced.close().onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A server that answers each POST with "LARGEST-CHUNK SUM" of its body: Vert.x hands a body to the handler in
   * the pieces the connection read (each cut further at 8 KiB by the HTTP decoder).
   */
  private static Future<Integer> chunkReportingServer(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(req -> {
      AtomicInteger largest = new AtomicInteger();
      AtomicInteger sum = new AtomicInteger();
      req.handler(chunk -> {
        largest.accumulateAndGet(chunk.length(), Math::max);
        for (int i = 0; i < chunk.length(); i++) {
          sum.addAndGet(chunk.getByte(i) & 0xff);
        }
      });
      req.endHandler(v -> req.response().end(largest.get() + " " + sum.get()));
    }).listen(0, "127.0.0.1").map(s -> s.actualPort());
  }

  private Future<String> post(Vertx vertx, int port, Buffer body) {
    if (client == null) {
      client = vertx.createHttpClient();
    }
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/"))
        .compose(req -> req.send(body))
        .compose(HttpClientResponse::body)
        .map(Buffer::toString);
  }

  private static Buffer body() {
    byte[] bytes = new byte[BODY_BYTES];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    return Buffer.buffer(bytes);
  }

  private static int sumOf(Buffer body) {
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      sum += body.getByte(i) & 0xff;
    }
    return sum;
  }

  @Test
  void aConnectionReadsAtMostOneSlicePerTurnAndTheBodyArrivesWhole(Vertx vertx, VertxTestContext ctx) {
    sliced = Vertx.builder().withTransport(new FairReadTransport(1024)).build();
    Buffer body = body();
    chunkReportingServer(sliced)
        .compose(port -> post(vertx, port, body))
        .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
          String[] parts = report.split(" ");
          assertThat(Integer.parseInt(parts[0])).isPositive().isLessThanOrEqualTo(1024);
          assertThat(Integer.parseInt(parts[1])).isEqualTo(sumOf(body));
          ctx.completeNow();
        })));
  }

  @Test
  void withoutTheSliceTheSameBodyArrivesInLargerPieces(Vertx vertx, VertxTestContext ctx) {
    // The control for the test above: Netty's default reads grow to 64 KiB, so pieces reach the decoder's 8 KiB.
    Buffer body = body();
    chunkReportingServer(vertx)
        .compose(port -> post(vertx, port, body))
        .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
          String[] parts = report.split(" ");
          assertThat(Integer.parseInt(parts[0])).isGreaterThan(1024);
          assertThat(Integer.parseInt(parts[1])).isEqualTo(sumOf(body));
          ctx.completeNow();
        })));
  }

  @Test
  void aSliceUnderOneKibibyteIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FairReadTransport(1023))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1023");
  }
}
