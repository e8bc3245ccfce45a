package io.audioinsight.config;

/**
 * Fetching audio by URL ({@code audio_url}) and posting job callbacks ({@code callback_url}):
 * {@code allowPrivateNetworks} lifts the SSRF guard (tests, trusted deployments), {@code maxBytes} and
 * {@code timeoutMs} bound one fetch, {@code callbackSecret} signs callbacks (HMAC-SHA256) and
 * {@code callbackBackoffMs} is the first retry delay of a callback (doubled for each of the next).
 */
public record FetchConfig(boolean allowPrivateNetworks, long maxBytes, long timeoutMs, String callbackSecret,
                          long callbackBackoffMs) {}
