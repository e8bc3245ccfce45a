package io.audioinsight.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Set;

/**
 * Keeps the label values of Vert.x's HTTP meters to a fixed set, so that a client cannot grow {@code /metrics}
 * (and the heap) by sending made-up methods or paths: every Prometheus series lives for ever. A method outside
 * the standard ones becomes {@code OTHER}; a route label is kept only for our own route templates.
 */
public final class HttpMetricLabels {

  static final String OTHER = "OTHER";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");
  private static final Set<String> ROUTES = Set.of("/v1/snr-detect", "/v1/speaker-count", "/v1/analyze",
      "/health/live", "/health/ready", "/metrics", "/ping/blocking", "/ping/worker", "/ping/async");

  private HttpMetricLabels() {}

  /** Installs the filters; call before any meter is registered. */
  public static void bound(MeterRegistry registry) {
    registry.config()
        .meterFilter(MeterFilter.replaceTagValues("method", m -> METHODS.contains(m) ? m : OTHER))
        .meterFilter(MeterFilter.replaceTagValues("route", r -> r.isEmpty() || ROUTES.contains(r) ? r : OTHER))
        .meterFilter(MeterFilter.replaceTagValues("path", p -> ROUTES.contains(p) ? p : OTHER));
  }
}
