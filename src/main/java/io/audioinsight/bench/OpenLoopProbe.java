package io.audioinsight.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop, fixed-rate latency prober, free of coordinated omission: request {@code i} is due at
 * {@code start + i / rate}; it is sent when due whatever happened to earlier ones, and its latency is measured
 * from when it was DUE, not from when it was sent, so a stalled server shows up as latency rather than as
 * fewer samples.
 *
 * <p>Usage: {@code java -cp target/audio-insight.jar io.audioinsight.bench.OpenLoopProbe URL RATE SECONDS}.
 * Prints one line: count, errors, p50/p90/p99/p99.9/max in milliseconds.
 */
public final class OpenLoopProbe {

  private OpenLoopProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: OpenLoopProbe URL RATE_PER_SECOND SECONDS");
      System.exit(2);
    }
    java.net.URI uri = java.net.URI.create(args[0]);
    double rate = Double.parseDouble(args[1]);
    double seconds = Double.parseDouble(args[2]);
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    // Warm-up at the same rate, not recorded: class loading, JIT and connection set-up of the PROBE would
    // otherwise show up as seconds of "latency" at the start.
    schedule(vertx, client, path, rate, WARM_UP_SECONDS);
    Result r = schedule(vertx, client, path, rate, seconds);
    vertx.close();
    long[] latencyNanos = r.latencyNanos();
    int total = latencyNanos.length;
    AtomicInteger errors = r.errors();
    long[] sorted = latencyNanos.clone();
    Arrays.sort(sorted);
    System.out.printf("probe %s rate=%.0f/s n=%d errors=%d p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
        args[0], rate, total, errors.get(), pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9),
        sorted[sorted.length - 1] / 1e6);
  }

  private static final double WARM_UP_SECONDS = 3;

  private record Result(long[] latencyNanos, AtomicInteger errors) {}

  /** Sends {@code rate * seconds} GETs open-loop and waits for all of them. */
  private static Result schedule(Vertx vertx, HttpClient client, String path, double rate, double seconds)
      throws InterruptedException {
    int total = (int) Math.round(rate * seconds);
    long[] latencyNanos = new long[total];
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(total);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    long intervalNanos = (long) (1e9 / rate);
    int[] next = {0};
    // A 1 ms tick sends everything that has fallen due; timer jitter is charged to the latency, as it should be.
    vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (next[0] < total && start + next[0] * intervalNanos <= now) {
        int i = next[0]++;
        long due = start + i * intervalNanos;
        client.request(HttpMethod.GET, path)
            .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
            .onComplete(ar -> {
              latencyNanos[i] = System.nanoTime() - due;
              if (ar.failed() || ar.result() != 200) {
                errors.incrementAndGet();
              }
              done.countDown();
            });
      }
      if (next[0] >= total) {
        vertx.cancelTimer(id);
      }
    });
    if (!done.await((long) (seconds + 60), TimeUnit.SECONDS)) {
      System.err.println("probe: not every request completed");
    }
    return new Result(latencyNanos, errors);
  }

  private static double pct(long[] sorted, double p) {
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
  }
}
