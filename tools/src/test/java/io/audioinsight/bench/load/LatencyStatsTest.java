package io.audioinsight.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    private static final long MS = 1_000_000L;

    private static long[] millis(long... ms) {
        long[] nanos = new long[ms.length];
        for (int i = 0; i < ms.length; i++) {
            nanos[i] = ms[i] * MS;
        }
        return nanos;
    }

    @Test
    void oneToHundredMillisecondsGiveTheRankedValues() {
        List<Long> values = new ArrayList<>();
        for (long ms = 1; ms <= 100; ms++) {
            values.add(ms * MS);
        }
        Collections.shuffle(values, new Random(7));
        long[] shuffled = values.stream().mapToLong(Long::longValue).toArray();

        LatencyStats stats = LatencyStats.ofNanos(shuffled);

        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.minMs()).isEqualTo(1.0);
        assertThat(stats.p50Ms()).isEqualTo(50.0);
        assertThat(stats.p90Ms()).isEqualTo(90.0);
        assertThat(stats.p99Ms()).isEqualTo(99.0);
        assertThat(stats.p999Ms()).isEqualTo(100.0); // rank ceil(99.9) = 100
        assertThat(stats.maxMs()).isEqualTo(100.0);
        assertThat(stats.meanMs()).isCloseTo(50.5, within(1e-9));
    }

    @Test
    void nearestRankMatchesTheTextbookExample() {
        // The classic nearest-rank example: 15, 20, 35, 40, 50.
        long[] sorted = {15, 20, 35, 40, 50};
        assertThat(LatencyStats.nearestRank(sorted, 0)).isEqualTo(15);
        assertThat(LatencyStats.nearestRank(sorted, 5)).isEqualTo(15);
        assertThat(LatencyStats.nearestRank(sorted, 30)).isEqualTo(20);
        assertThat(LatencyStats.nearestRank(sorted, 40)).isEqualTo(20);
        assertThat(LatencyStats.nearestRank(sorted, 50)).isEqualTo(35);
        assertThat(LatencyStats.nearestRank(sorted, 100)).isEqualTo(50);
    }

    @Test
    void twoStallsInAThousandShowAtP999ButNotAtP99() {
        long[] ms = new long[1000];
        for (int i = 0; i < 1000; i++) {
            ms[i] = 2;
        }
        ms[0] = 2000; // one stall, as a coordinated-omission-free prober sees a frozen event loop
        ms[1] = 2000;

        LatencyStats stats = LatencyStats.ofNanos(millis(ms));

        assertThat(stats.p99Ms()).isEqualTo(2.0);
        assertThat(stats.p999Ms()).isEqualTo(2000.0); // rank 999 of 1000 lands on the second stall
        assertThat(stats.maxMs()).isEqualTo(2000.0);
    }

    @Test
    void percentileOfExactlyRepresentableRankIsNotPushedUpByRounding() {
        long[] sorted = new long[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(LatencyStats.nearestRank(sorted, 99.9)).isEqualTo(999);
        assertThat(LatencyStats.nearestRank(sorted, 99)).isEqualTo(990);
        assertThat(LatencyStats.nearestRank(sorted, 50)).isEqualTo(500);
    }

    @Test
    void onlyTheFirstCountValuesAreSummarisedAndTheInputIsLeftUnsorted() {
        long[] nanos = millis(30, 10, 20, 999, 999);

        LatencyStats stats = LatencyStats.ofNanos(nanos, 3);

        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.p50Ms()).isEqualTo(20.0);
        assertThat(stats.maxMs()).isEqualTo(30.0);
        assertThat(nanos).containsExactly(millis(30, 10, 20, 999, 999));
    }

    @Test
    void subMillisecondLatenciesKeepTheirFraction() {
        LatencyStats stats = LatencyStats.ofNanos(new long[] {250_000, 750_000});
        assertThat(stats.p50Ms()).isEqualTo(0.25);
        assertThat(stats.maxMs()).isEqualTo(0.75);
    }

    @Test
    void anEmptySampleHasCountZeroAndNoPercentiles() {
        LatencyStats stats = LatencyStats.ofNanos(new long[0]);
        assertThat(stats.count()).isZero();
        assertThat(stats.p99Ms()).isNaN();
        assertThat(stats.maxMs()).isNaN();
    }

    @Test
    void percentilesOutsideZeroToHundredAreRejected() {
        assertThatThrownBy(() -> LatencyStats.nearestRank(new long[] {1}, 100.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100.5");
        assertThatThrownBy(() -> LatencyStats.nearestRank(new long[0], 50))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
