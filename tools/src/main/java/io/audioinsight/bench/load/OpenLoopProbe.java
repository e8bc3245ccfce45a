package io.audioinsight.bench.load;

import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Map;

/**
 * The short form of {@link OpenLoopLoad} that {@code scripts/bench/service.sh} uses: a GET prober at a fixed rate,
 * on the same open-loop engine ({@link OpenLoopRun}, latency from each request's due time, so no coordinated
 * omission), after 3 s of unrecorded warm-up at the same rate, printing one line.
 *
 * <p>Usage: {@code java -cp target/audio-insight.jar io.audioinsight.bench.load.OpenLoopProbe URL RATE SECONDS}.
 * Prints {@code probe URL rate=R/s n=N errors=E p50=..ms p90=..ms p99=..ms p99.9=..ms max=..ms}, where errors
 * count both requests without a response and responses other than 200, and the percentiles (nearest rank) cover
 * the responses. Up to 256 connections, so a stalled connection does not hold the others back.
 */
public final class OpenLoopProbe {

  private OpenLoopProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: OpenLoopProbe URL RATE_PER_SECOND SECONDS");
      System.exit(2);
    }
    LoadOptions options;
    try {
      // 3 s at the same rate first, not recorded: class loading, JIT and connection set-up of the probe itself
      // would otherwise show up as "latency" at the start.
      options = LoadOptions.parse("--url", args[0], "--rate", args[1], "--duration", args[2],
          "--warmup", "3", "--connections", "256");
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    LoadReport report;
    try {
      report = OpenLoopRun.run(vertx, options, null, () -> { }).toCompletionStage().toCompletableFuture().get();
    } finally {
      vertx.close();
    }
    long non200 = report.statusCounts().entrySet().stream().filter(e -> e.getKey() != 200)
        .mapToLong(Map.Entry::getValue).sum();
    LatencyStats l = report.latency();
    System.out.printf(Locale.ROOT,
        "probe %s rate=%.0f/s n=%d errors=%d p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
        args[0], options.ratePerSecond(), report.scheduled(), report.errors() + non200, l.p50Ms(), l.p90Ms(),
        l.p99Ms(), l.p999Ms(), l.maxMs());
  }
}
