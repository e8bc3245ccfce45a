/**
 * Benchmark tools run from the jar by {@code scripts/bench/}: an open-loop, fixed-rate HTTP load generator that
 * measures every latency from the request's intended send time (no coordinated omission), and its statistics.
 * Not part of the service; nothing in the service depends on this package.
 */
package io.audioinsight.bench.load;
