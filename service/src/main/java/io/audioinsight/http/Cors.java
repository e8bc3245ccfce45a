package io.audioinsight.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * CORS for the origins in {@code http.cors_origins} (off when the list is empty): a browser page served from one of
 * them may call the API and read the request id and Retry-After; a request from any other origin gets 403.
 */
final class Cors {

  /** How long a browser may cache a preflight answer. */
  private static final int PREFLIGHT_MAX_AGE_SECONDS = 600;

  private Cors() {}

  static CorsHandler handler(List<String> origins) {
    return CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Content-Type", "X-Request-Id"))
        .exposedHeaders(Set.of("X-Request-Id", "Retry-After", "Allow"))
        .maxAgeSeconds(PREFLIGHT_MAX_AGE_SECONDS);
  }
}
