package io.audioinsight.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.Handler;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpenLoopRunTest {

    private static Future<HttpServer> server(Vertx vertx, Handler<HttpServerRequest> handler) {
        return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1");
    }

    private static LoadOptions options(int port, String... extra) {
        String[] base = {"--url", "http://127.0.0.1:" + port + "/x"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return LoadOptions.parse(all);
    }

    @Test
    void sendsExactlyTheScheduledRequestsAndCountsEachStatus(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger seen = new AtomicInteger();
        server(vertx, req -> req.response().setStatusCode(seen.incrementAndGet() % 2 == 0 ? 503 : 200).end("ok"))
                .compose(s -> OpenLoopRun.run(vertx, options(s.actualPort(), "--rate", "100", "--duration", "0.3"),
                        null, () -> { }))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.scheduled()).isEqualTo(30);
                    assertThat(report.responses()).isEqualTo(30);
                    assertThat(report.errorsByKind()).isEmpty();
                    assertThat(report.statusCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(200, 15L, 503, 15L));
                    assertThat(report.latency().count()).isEqualTo(30);
                    assertThat(seen.get()).isEqualTo(1 + 30); // the unrecorded priming request, then the schedule
                    ctx.completeNow();
                })));
    }

    @Test
    void warmupRequestsAreSentButNotRecorded(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger seenWhenMeasuringStarted = new AtomicInteger(-1);
        server(vertx, req -> {
            seen.incrementAndGet();
            req.response().end();
        }).compose(s -> OpenLoopRun.run(vertx,
                        options(s.actualPort(), "--rate", "100", "--duration", "0.2", "--warmup", "0.1"), null,
                        () -> seenWhenMeasuringStarted.set(seen.get())))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.scheduled()).isEqualTo(20);
                    assertThat(report.responses()).isEqualTo(20);
                    assertThat(seen.get()).isEqualTo(1 + 10 + 20); // priming, warm-up, measured
                    assertThat(seenWhenMeasuringStarted.get()).isBetween(1, 1 + 10);
                    ctx.completeNow();
                })));
    }

    @Test
    void latencyIsMeasuredFromTheIntendedSendTimeSoQueueingBehindASlowServerCounts(Vertx vertx,
                                                                                  VertxTestContext ctx) {
        // One connection, a server that takes 100 ms per request, and 10 requests due within 450 ms: the 10th
        // cannot finish before 10 x 100 ms = 1000 ms, though it was due at 450 ms. A closed-loop tool (or one
        // timing from the actual send) would report about 100 ms for every request.
        server(vertx, req -> vertx.setTimer(100, t -> req.response().end()))
                .compose(s -> OpenLoopRun.run(vertx,
                        options(s.actualPort(), "--rate", "20", "--duration", "0.5", "--connections", "1"), null,
                        () -> { }))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.responses()).isEqualTo(10);
                    assertThat(report.latency().minMs()).isGreaterThanOrEqualTo(100.0);
                    assertThat(report.latency().maxMs()).isGreaterThanOrEqualTo(1000.0 - 450.0);
                    ctx.completeNow();
                })));
    }

    @Test
    void sendsTheBodyWithItsContentTypeOnEveryRequest(Vertx vertx, VertxTestContext ctx) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("open-loop-body", ".bin");
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        java.nio.file.Files.write(file, bytes);
        Buffer expected = Buffer.buffer(bytes);
        server(vertx, req -> req.body().onSuccess(b -> {
            boolean same = b.equals(expected) && "audio/wav".equals(req.getHeader("Content-Type"))
                    && req.method().name().equals("POST");
            req.response().setStatusCode(same ? 200 : 400).end();
        })).compose(s -> OpenLoopRun.run(vertx,
                        options(s.actualPort(), "--rate", "50", "--duration", "0.2", "--body", file.toString(),
                                "--content-type", "audio/wav"), expected, () -> { }))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    java.nio.file.Files.deleteIfExists(file);
                    assertThat(report.statusCounts()).containsExactlyEntriesOf(Map.of(200, 10L));
                    ctx.completeNow();
                })));
    }

    @Test
    void aRefusedConnectionIsAnErrorOfKindConnectNotALatency(Vertx vertx, VertxTestContext ctx) {
        server(vertx, req -> req.response().end())
                .compose(s -> s.close().map(v -> s.actualPort()))
                .compose(port -> OpenLoopRun.run(vertx, options(port, "--rate", "50", "--duration", "0.1"), null,
                        () -> { }))
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
                .compose(s -> OpenLoopRun.run(vertx,
                        options(s.actualPort(), "--rate", "20", "--duration", "0.1", "--timeout-ms", "200"), null,
                        () -> { }))
                .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                    assertThat(report.errorsByKind()).containsExactlyEntriesOf(Map.of("timeout", 2L));
                    assertThat(report.responses()).isZero();
                    ctx.completeNow();
                })));
    }
}
