package io.audioinsight.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SocketProbeTest {

    private static Future<HttpServer> server(Vertx vertx, Handler<HttpServerRequest> handler) {
        return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1");
    }

    private static LoadOptions options(int port, String... extra) {
        String[] base = {"--url", "http://127.0.0.1:" + port + "/x?y=1"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return LoadOptions.parse(all);
    }

    /** The probe blocks its caller, so it runs off the event loop; independent of other blocking work. */
    private static Future<LoadReport> probe(Vertx vertx, LoadOptions options) {
        return vertx.executeBlocking(() -> SocketProbe.run(options), false);
    }

    @Test
    void sendsEveryScheduledGetToThePathAndQueryAndCountsEachStatus(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger wrongTarget = new AtomicInteger();
        server(vertx, req -> {
            if (!req.uri().equals("/x?y=1") || req.method() != io.vertx.core.http.HttpMethod.GET) {
                wrongTarget.incrementAndGet();
            }
            req.response().setStatusCode(seen.incrementAndGet() % 2 == 0 ? 503 : 200).end("ok");
        }).compose(s -> probe(vertx, options(s.actualPort(), "--rate", "100", "--duration", "0.3",
                        "--connections", "1")))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.scheduled()).isEqualTo(30);
                    assertThat(report.responses()).isEqualTo(30);
                    assertThat(report.errorsByKind()).isEmpty();
                    // the priming request is the server's first (200), so the measured 30 alternate from 503
                    assertThat(report.statusCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(200, 15L, 503, 15L));
                    assertThat(report.latency().count()).isEqualTo(30);
                    assertThat(seen.get()).isEqualTo(1 + 30);
                    assertThat(wrongTarget.get()).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    void warmupRequestsAreSentButNotRecorded(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger seen = new AtomicInteger();
        server(vertx, req -> req.response().setStatusCode(seen.incrementAndGet() <= 11 ? 500 : 200).end())
                .compose(s -> probe(vertx, options(s.actualPort(), "--rate", "100", "--duration", "0.2",
                        "--warmup", "0.1", "--connections", "1")))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(seen.get()).isEqualTo(1 + 10 + 20); // priming, warm-up, measured
                    assertThat(report.statusCounts()).containsExactlyEntriesOf(Map.of(200, 20L));
                    ctx.completeNow();
                })));
    }

    @Test
    void aStalledAnswerDoesNotHoldBackTheNextProbesOnOtherConnections(Vertx vertx, VertxTestContext ctx) {
        // The first measured probe is held until the four after it have arrived: only a prober with more than one
        // request in flight can get there; one that waited for each answer would time out on the first.
        AtomicInteger seen = new AtomicInteger();
        List<HttpServerRequest> held = new ArrayList<>();
        server(vertx, req -> {
            int n = seen.incrementAndGet();
            if (n == 3) { // two connections primed, then the first measured probe
                held.add(req);
            } else {
                req.response().end();
                if (n == 7) {
                    held.forEach(h -> h.response().end());
                }
            }
        }).compose(s -> probe(vertx, options(s.actualPort(), "--rate", "50", "--duration", "0.2",
                        "--connections", "2", "--timeout-ms", "5000")))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.errorsByKind()).isEmpty();
                    assertThat(report.statusCounts()).containsExactlyEntriesOf(Map.of(200, 10L));
                    // the held probe waited for four more due 20 ms apart: at least 60 ms after its due time
                    assertThat(report.latency().maxMs()).isGreaterThanOrEqualTo(60.0);
                    ctx.completeNow();
                })));
    }

    @Test
    void latencyIsMeasuredFromTheDueTimeSoQueueingBehindASlowServerCounts(Vertx vertx, VertxTestContext ctx) {
        // One connection, 100 ms per answer, 10 probes due within 450 ms: the 10th cannot finish before 1000 ms
        // although it was due at 450 ms. Timing from the actual send would report about 100 ms for every probe.
        server(vertx, req -> vertx.setTimer(100, t -> req.response().end()))
                .compose(s -> probe(vertx, options(s.actualPort(), "--rate", "20", "--duration", "0.5",
                        "--connections", "1")))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.responses()).isEqualTo(10);
                    assertThat(report.latency().minMs()).isGreaterThanOrEqualTo(100.0);
                    assertThat(report.latency().maxMs()).isGreaterThanOrEqualTo(1000.0 - 450.0);
                    assertThat(report.maxSendLagMs()).isGreaterThanOrEqualTo(1000.0 - 450.0 - 100.0);
                    ctx.completeNow();
                })));
    }

    @Test
    void chunkedAnswersAndAnswersThatCloseTheConnectionAreReadWholeAndTheConnectionReopened(Vertx vertx,
                                                                                           VertxTestContext ctx) {
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger connections = new AtomicInteger();
        vertx.createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(req -> {
                    int n = seen.incrementAndGet();
                    if (n % 2 == 0) {
                        req.response().setChunked(true).write("part one, ").compose(v -> req.response().end("two"));
                    } else {
                        req.response().putHeader("Connection", "close").end("{\"status\":\"UP\"}");
                    }
                })
                .listen(0, "127.0.0.1")
                .compose(s -> probe(vertx, options(s.actualPort(), "--rate", "100", "--duration", "0.2",
                        "--connections", "1")))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.errorsByKind()).isEmpty();
                    assertThat(report.statusCounts()).containsExactlyEntriesOf(Map.of(200, 20L));
                    // priming (1, closes) and the 20 probes: every odd answer closed its connection
                    assertThat(connections.get()).isEqualTo(11);
                    ctx.completeNow();
                })));
    }

    @Test
    void aRefusedConnectionIsAnErrorOfKindConnectNotALatency(Vertx vertx, VertxTestContext ctx) {
        server(vertx, req -> req.response().end())
                .compose(s -> s.close().map(v -> s.actualPort()))
                .compose(port -> probe(vertx, options(port, "--rate", "50", "--duration", "0.1")))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.responses()).isZero();
                    assertThat(report.errorsByKind()).containsExactlyEntriesOf(Map.of("connect", 5L));
                    assertThat(report.latency().count()).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    void aServerThatNeverAnswersGivesTimeoutErrors(Vertx vertx, VertxTestContext ctx) {
        server(vertx, req -> { })
                .compose(s -> probe(vertx, options(s.actualPort(), "--rate", "20", "--duration", "0.1",
                        "--timeout-ms", "200", "--connections", "2")))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.errorsByKind()).containsExactlyEntriesOf(Map.of("timeout", 2L));
                    assertThat(report.responses()).isZero();
                    ctx.completeNow();
                })));
    }
}
