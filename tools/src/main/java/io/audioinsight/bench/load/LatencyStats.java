package io.audioinsight.bench.load;

import java.util.Arrays;

/**
 * Summary of a latency sample, in milliseconds.
 *
 * <p>Percentiles use the <b>nearest-rank</b> method, with no interpolation: the p-th percentile of N sorted values
 * is the value at 1-based rank {@code ceil(p/100 * N)} (rank 1 for p = 0). Every reported percentile is therefore
 * a latency that was actually observed, and p100 is the maximum. An empty sample has count 0 and NaN elsewhere.
 */
public record LatencyStats(long count, double minMs, double meanMs, double p50Ms, double p90Ms, double p99Ms,
                           double p999Ms, double maxMs) {

    private static final double NANOS_PER_MS = 1_000_000.0;

    /** Summarises latencies given in nanoseconds; the array is not modified. */
    public static LatencyStats ofNanos(long[] latenciesNanos) {
        return ofNanos(latenciesNanos, latenciesNanos.length);
    }

    /** Summarises the first {@code count} latencies (nanoseconds) of the array; the array is not modified. */
    public static LatencyStats ofNanos(long[] latenciesNanos, int count) {
        if (count < 0 || count > latenciesNanos.length) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + latenciesNanos.length);
        }
        if (count == 0) {
            return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }
        long[] sorted = Arrays.copyOf(latenciesNanos, count);
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new LatencyStats(count,
                sorted[0] / NANOS_PER_MS,
                sum / count / NANOS_PER_MS,
                nearestRank(sorted, 50) / NANOS_PER_MS,
                nearestRank(sorted, 90) / NANOS_PER_MS,
                nearestRank(sorted, 99) / NANOS_PER_MS,
                nearestRank(sorted, 99.9) / NANOS_PER_MS,
                sorted[count - 1] / NANOS_PER_MS);
    }

    /**
     * The nearest-rank percentile of an ascending, non-empty array.
     *
     * @param percentile in [0, 100]
     */
    public static long nearestRank(long[] sortedAscending, double percentile) {
        if (sortedAscending.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile " + percentile + " outside 0..100");
        }
        int n = sortedAscending.length;
        // The tiny epsilon keeps e.g. 99.9% of 1000 at rank 999 despite 0.999 * 1000 = 999.0000000000001.
        long rank = (long) Math.ceil(percentile / 100.0 * n - 1e-9);
        int index = (int) Math.min(n, Math.max(1, rank)) - 1;
        return sortedAscending[index];
    }
}
