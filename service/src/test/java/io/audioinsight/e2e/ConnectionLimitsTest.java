package io.audioinsight.e2e;

import static io.audioinsight.support.Poll.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.RawHttp;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * http.max_connections, http.header_timeout_ms and the management port: a client cannot hold connections with
 * half-sent heads, a connection beyond the limit is closed at once, and health checks on the management port
 * keep answering while every API connection is taken.
 */
@ExtendWith(VertxExtension.class)
class ConnectionLimitsTest {

  private Service service;

  private void start(String... overrides) throws Exception {
    Map<String, String> config = new java.util.HashMap<>(Map.of(
        "management.port", Integer.toString(TestServices.freePort())));
    for (int i = 0; i < overrides.length; i += 2) {
      config.put(overrides[i], overrides[i + 1]);
    }
    service = TestServices.startWarm(TestServices.config(config), Engines.dsp());
  }

  @AfterEach
  void stop() throws Exception {
    TestServices.stop(service);
  }

  private int port() {
    return service.config().http().port();
  }

  @Test
  void aConnectionThatNeverFinishesItsHeadIsClosedAtTheHeaderTimeout(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start("http.header_timeout_ms", "300");
    RawHttp raw = new RawHttp(vertx, port());
    raw.open()
        .compose(socket -> socket.write("GET /health/live HTTP/1.1\r\nHost: x\r\n").map(socket))
        .compose(RawHttp::closedByServer)
        .compose(v -> new Http(vertx, service.managementPort()).get("/metrics"))
        .onComplete(tc.succeeding(metrics -> tc.verify(() -> {
          assertThat(Metrics.sum(metrics.bodyAsString(), "audio_http_connections_closed_total",
              "reason=\"header_timeout\"")).isGreaterThanOrEqualTo(1.0);
          tc.completeNow();
        })));
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAtTheHeaderTimeoutAfterItsLastAnswer(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start("http.header_timeout_ms", "300");
    RawHttp raw = new RawHttp(vertx, port());
    raw.open().compose(socket -> {
          Future<Void> closed = RawHttp.closedByServer(socket);
          StringBuilder answers = new StringBuilder();
          socket.handler(b -> answers.append(b.toString()));
          return socket.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").compose(v -> closed).map(answers);
        })
        .onComplete(tc.succeeding(answers -> tc.verify(() -> {
          assertThat(answers.toString()).startsWith("HTTP/1.1 200");
          tc.completeNow();
        })));
  }

  @Test
  void aConnectionBeyondTheLimitIsClosedWhileTheManagementPortStillAnswers(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start("http.max_connections", "2");
    RawHttp raw = new RawHttp(vertx, port());
    Http management = new Http(vertx, service.managementPort());
    raw.open().compose(a -> raw.open().map(b -> new NetSocket[] {a, b}))
        .compose(held -> until(vertx, () -> openConnections() == 2).map(held))
        .compose(held -> raw.open().compose(RawHttp::closedByServer).map(held))
        .compose(held -> management.get("/health/live").map(live -> {
          held[0].close();
          held[1].close();
          return live;
        }))
        .compose(live -> management.get("/metrics").map(metrics -> new Object[] {live, metrics}))
        .onComplete(tc.succeeding(both -> tc.verify(() -> {
          var live = (io.vertx.ext.web.client.HttpResponse<?>) both[0];
          var metrics = (io.vertx.ext.web.client.HttpResponse<?>) both[1];
          assertThat(live.statusCode()).isEqualTo(200);
          assertThat(Metrics.sum(metrics.bodyAsString(), "audio_http_connections_closed_total", "reason=\"limit\""))
              .isEqualTo(1.0);
          tc.completeNow();
        })));
  }

  @Test
  void madeUpMethodsAndPathsDoNotGrowTheMetrics(Vertx vertx, VertxTestContext tc) throws Exception {
    start();
    RawHttp raw = new RawHttp(vertx, port());
    Http management = new Http(vertx, service.managementPort());
    // The first thousand create the series a made-up request can create (404, method OTHER); the next nine
    // thousand must add none.
    sendMadeUpRequests(raw, 0, 1_000)
        .compose(v -> management.get("/metrics"))
        .compose(before -> sendMadeUpRequests(raw, 1_000, 9_000).compose(v -> management.get("/metrics"))
            .map(after -> new String[] {before.bodyAsString(), after.bodyAsString()}))
        .onComplete(tc.succeeding(texts -> tc.verify(() -> {
          assertThat(series(texts[1])).isEqualTo(series(texts[0]));
          assertThat(texts[1].length()).isLessThan(100 * 1024);
          assertThat(texts[1]).contains("method=\"OTHER\"").doesNotContain("M9999").doesNotContain("/x9999");
          tc.completeNow();
        })));
  }

  /** {@code count} requests, each with its own method and path, pipelined over a few keep-alive connections. */
  private static Future<Void> sendMadeUpRequests(RawHttp raw, int from, int count) {
    int perConnection = 500;
    Future<Void> chain = Future.succeededFuture();
    for (int start = from; start < from + count; start += perConnection) {
      int first = start;
      chain = chain.compose(v -> {
        StringBuilder requests = new StringBuilder();
        for (int i = first; i < first + perConnection; i++) {
          requests.append("M").append(i).append(" /x").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        requests.append("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        return raw.open().compose(socket -> {
          Future<Void> closed = RawHttp.closedByServer(socket);
          socket.handler(b -> {});
          return socket.write(requests.toString()).compose(x -> closed);
        });
      });
    }
    return chain;
  }

  /** The HTTP server's series (the JVM's own, such as GC causes, may appear at any time and are not ours). */
  private static long series(String prometheus) {
    return prometheus.lines().filter(l -> l.startsWith("vertx_http_server")).count();
  }

  private int openConnections() {
    return (int) service.registry().get("audio.http.connections.open").gauge().value();
  }
}
