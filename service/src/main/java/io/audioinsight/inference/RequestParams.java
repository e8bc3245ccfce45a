package io.audioinsight.inference;

/**
 * The validated per-request parameters. {@code timeoutMs} is null when the caller gave none (the service then
 * applies {@code inference.default_timeout_ms}); otherwise it is capped by {@code inference.max_timeout_ms}.
 */
public record RequestParams(int vadHopSize, double vadThreshold, Long timeoutMs) {}
