package io.audioinsight.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * One open-loop run: request i is due at {@code start + i / rate}, whatever happened to the earlier ones, and its
 * latency is measured from that intended time to the end of its response. A server that stalls, or a connection
 * pool that is full, therefore shows up in full in the latencies instead of silently slowing the sender down
 * (the "coordinated omission" of closed-loop tools).
 *
 * <p>All state lives on one Vert.x context: the 1 ms tick that sends what is due and every response callback run
 * there, so nothing here needs synchronisation.
 */
public final class OpenLoopRun {

    private final LoadOptions options;
    private final Buffer body;
    private final Context context;
    private final WebClient client;
    private final Runnable onMeasuringStarted;
    private final long warmup;
    private final long total;
    private final double intervalNanos;
    private final long[] latencies;
    private final SortedMap<String, Long> errors = new TreeMap<>();
    private final SortedMap<Integer, Long> statuses = new TreeMap<>();
    private final Promise<LoadReport> done = Promise.promise();
    private long startNanos;
    private long next;
    private long finished;
    private int responses;
    private long lastCompletionNanos;
    private long maxSendLagNanos;
    private long timerId = -1;

    private OpenLoopRun(Vertx vertx, LoadOptions options, Buffer body, Runnable onMeasuringStarted) {
        this.options = options;
        this.body = body;
        this.onMeasuringStarted = onMeasuringStarted;
        this.context = vertx.getOrCreateContext();
        this.warmup = options.warmupRequests();
        this.total = warmup + options.measuredRequests();
        this.intervalNanos = 1e9 / options.ratePerSecond();
        this.latencies = new long[Math.toIntExact(options.measuredRequests())];
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(options.connections())
                .setMaxWaitQueueSize(options.maxQueue());
        WebClientOptions clientOptions = new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setUserAgent("audio-insight-open-loop");
        this.client = WebClient.create(vertx, clientOptions, pool);
    }

    /**
     * Runs the load and completes with its report once every request has a response or an error.
     *
     * @param body               the request body, or null
     * @param onMeasuringStarted called (on the run's context) when the first measured request is due, so a caller
     *                           can line other load up with the measured window
     */
    public static Future<LoadReport> run(Vertx vertx, LoadOptions options, Buffer body, Runnable onMeasuringStarted) {
        OpenLoopRun run = new OpenLoopRun(vertx, options, body, onMeasuringStarted);
        run.context.runOnContext(v -> run.prime());
        return run.done.future().onComplete(r -> run.client.close());
    }

    /**
     * Sends one unrecorded request and starts the schedule when it has finished, whatever its outcome: the first
     * request of a JVM loads and links the whole client stack, which can take a second on a busy machine and
     * would otherwise show up as the generator's own lag.
     */
    private void prime() {
        request().onComplete(ar -> begin());
    }

    private void begin() {
        startNanos = System.nanoTime();
        sendDue();
        if (next < total) {
            timerId = context.owner().setPeriodic(1, id -> sendDue());
        }
    }

    private long intendedNanos(long index) {
        return startNanos + Math.round(index * intervalNanos);
    }

    private void sendDue() {
        long now = System.nanoTime();
        while (next < total) {
            long intended = intendedNanos(next);
            if (intended > now) {
                break;
            }
            if (next == warmup) {
                onMeasuringStarted.run();
            }
            maxSendLagNanos = Math.max(maxSendLagNanos, now - intended);
            send(next, intended);
            next++;
        }
        if (next == total && timerId >= 0) {
            context.owner().cancelTimer(timerId);
            timerId = -1;
        }
    }

    private Future<HttpResponse<Buffer>> request() {
        HttpRequest<Buffer> request = client.requestAbs(options.method(), options.url())
                .idleTimeout(options.timeoutMs());
        if (options.contentType() != null) {
            request.putHeader("Content-Type", options.contentType());
        }
        return body == null ? request.send() : request.sendBuffer(body);
    }

    private void send(long index, long intendedNanos) {
        request().onComplete(ar -> {
            long end = System.nanoTime();
            if (index >= warmup) {
                lastCompletionNanos = Math.max(lastCompletionNanos, end);
                if (ar.succeeded()) {
                    latencies[responses++] = end - intendedNanos;
                    statuses.merge(ar.result().statusCode(), 1L, Long::sum);
                } else {
                    errors.merge(errorKind(ar.cause()), 1L, Long::sum);
                }
            }
            if (++finished == total) {
                finish();
            }
        });
    }

    private void finish() {
        long measuredStart = intendedNanos(warmup);
        double elapsedS = Math.max(options.durationS(), (lastCompletionNanos - measuredStart) / 1e9);
        done.complete(new LoadReport(options, options.measuredRequests(), responses, errors, statuses, elapsedS,
                maxSendLagNanos / 1e6, LatencyStats.ofNanos(latencies, responses)));
    }

    /** A short, stable name for why a request got no response. */
    static String errorKind(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "timeout";
        }
        if (failure instanceof ConnectException) {
            return "connect";
        }
        if (failure instanceof ConnectionPoolTooBusyException) {
            return "pool_busy";
        }
        if (failure instanceof HttpClosedException) {
            return "closed";
        }
        return failure.getClass().getSimpleName();
    }
}
