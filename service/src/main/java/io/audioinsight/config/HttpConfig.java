package io.audioinsight.config;

import java.util.List;

/**
 * The HTTP API: where it listens, how many verticle instances serve it, and what one client or all of them may
 * hold: the body limit, the budget of buffered request bytes, open connections, and how long a request head may
 * take. {@code h2c}: HTTP/2 over cleartext accepted. {@code accessLog}: a log line per request.
 * {@code readSliceBytes}: the most bytes a connection reads per event-loop turn (0 = Netty's default).
 * {@code managementPort} 0 means no management server. {@code corsOrigins}: the web origins allowed to call the API
 * from a browser (empty: CORS off).
 */
public record HttpConfig(
    int port,
    int instances,
    long maxBodyBytes,
    long maxBufferedBytes,
    int maxConnections,
    long headerTimeoutMs,
    boolean h2c,
    boolean accessLog,
    int readSliceBytes,
    int managementPort,
    List<String> corsOrigins) {}
