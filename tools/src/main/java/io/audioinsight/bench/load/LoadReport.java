package io.audioinsight.bench.load;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The outcome of one open-loop run.
 *
 * @param scheduled     measured requests the schedule called for
 * @param responses     measured requests that got an HTTP response (any status)
 * @param errorsByKind  measured requests that got no response, by kind (timeout, connect, closed, pool_busy, ...)
 * @param statusCounts  responses by HTTP status
 * @param elapsedS      from the first measured intended send time to the last measured completion
 * @param maxSendLagMs  the latest the generator itself sent a request after its intended time; if this is large the
 *                      client machine was overloaded, and latencies include that lag
 * @param latency       latency of the responses (any status; errors excluded), from intended send time
 */
public record LoadReport(LoadOptions options, long scheduled, long responses, SortedMap<String, Long> errorsByKind,
                         SortedMap<Integer, Long> statusCounts, double elapsedS, double maxSendLagMs,
                         LatencyStats latency) {

    public static final String CSV_HEADER = "label,method,url,rate_rps,duration_s,connections,scheduled,responses,"
            + "errors,error_kinds,status_counts,throughput_rps,ok_rps,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms,"
            + "max_send_lag_ms";

    public long errors() {
        return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Responses per second, whatever their status. */
    public double throughputRps() {
        return elapsedS > 0 ? responses / elapsedS : 0;
    }

    /** 2xx responses per second. */
    public double okRps() {
        long ok = statusCounts.entrySet().stream().filter(e -> e.getKey() / 100 == 2)
                .mapToLong(Map.Entry::getValue).sum();
        return elapsedS > 0 ? ok / elapsedS : 0;
    }

    public String text() {
        LatencyStats l = latency;
        return String.format(Locale.ROOT, """
                open-loop %s %s at %.1f req/s for %.1f s: %d scheduled, %d connections
                responses %d, errors %d %s, statuses %s
                throughput %.1f req/s (2xx %.1f req/s), generator max send lag %.1f ms
                latency ms from intended send time (nearest rank): p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %s""",
                options.method(), options.url(), options.ratePerSecond(), options.durationS(), scheduled,
                options.connections(), responses, errors(), errorsByKind, statusCounts, throughputRps(), okRps(),
                maxSendLagMs, ms(l.p50Ms()), ms(l.p90Ms()), ms(l.p99Ms()), ms(l.p999Ms()), ms(l.maxMs()),
                ms(l.meanMs()));
    }

    public String csvRow() {
        LatencyStats l = latency;
        return String.join(",",
                csvField(options.label()), options.method().name(), csvField(options.url()),
                num(options.ratePerSecond()), num(options.durationS()), Integer.toString(options.connections()),
                Long.toString(scheduled), Long.toString(responses), Long.toString(errors()),
                joined(errorsByKind), joined(statusCounts), num(throughputRps()), num(okRps()),
                ms(l.p50Ms()), ms(l.p90Ms()), ms(l.p99Ms()), ms(l.p999Ms()), ms(l.maxMs()), ms(l.meanMs()),
                num(maxSendLagMs));
    }

    private static String joined(Map<?, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(";"));
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
