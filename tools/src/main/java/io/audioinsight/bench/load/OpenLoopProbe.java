package io.audioinsight.bench.load;

import java.util.Locale;
import java.util.Map;

/**
 * The GET prober the benchmark scripts use ({@code scripts/bench/loop-latency.sh}, {@code service.sh},
 * {@code overload.sh}, {@code stream-load.sh}): open loop at a fixed rate on {@link SocketProbe} (blocking sockets,
 * latency from each request's due time, so no coordinated omission), after 3 s of unrecorded warm-up at the same
 * rate, printing one line.
 *
 * <p>Usage: {@code java -cp target/audio-insight-tools.jar io.audioinsight.bench.load.OpenLoopProbe URL RATE SECONDS}.
 * Prints {@code probe URL rate=R/s n=N errors=E send_lag_max=..ms p50=..ms p90=..ms p99=..ms p99.9=..ms max=..ms},
 * where errors count both requests without a response and responses other than 200, the percentiles (nearest rank)
 * cover the responses, and send_lag_max is the latest the prober itself sent a request after its due time. Eight
 * connections, so a stalled answer does not hold the next probes back.
 *
 * <p>Until issue 19's follow-up this ran on the Vert.x client ({@link OpenLoopRun}), whose own floor was 1.8 ms p50
 * against an idle server; {@link OpenLoopLoad} still runs that engine for comparison.
 */
public final class OpenLoopProbe {

  /** Sender threads, each with its own keep-alive connection: the most probes in flight at once. */
  private static final String CONNECTIONS = "8";

  private OpenLoopProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 4) {
      System.err.println("usage: OpenLoopProbe URL RATE_PER_SECOND SECONDS [CONNECTIONS]");
      System.exit(2);
    }
    LoadOptions options;
    try {
      // 3 s at the same rate first, not recorded: class loading and JIT of the prober itself would otherwise show
      // up as "latency" at the start.
      options = LoadOptions.parse("--url", args[0], "--rate", args[1], "--duration", args[2],
          "--warmup", "3", "--connections", args.length == 4 ? args[3] : CONNECTIONS, "--timeout-ms", "10000");
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    LoadReport report = SocketProbe.run(options);
    long non200 = report.statusCounts().entrySet().stream().filter(e -> e.getKey() != 200)
        .mapToLong(Map.Entry::getValue).sum();
    LatencyStats l = report.latency();
    System.out.printf(Locale.ROOT,
        "probe %s rate=%.0f/s n=%d errors=%d send_lag_max=%.2fms p50=%.2fms p90=%.2fms p99=%.2fms"
            + " p99.9=%.2fms max=%.2fms%n",
        args[0], options.ratePerSecond(), report.scheduled(), report.errors() + non200, report.maxSendLagMs(),
        l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
  }
}
