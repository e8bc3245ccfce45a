package io.audioinsight.bench.load;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link OpenLoopLoad} should send: one URL at a fixed rate for a fixed time.
 *
 * @param connections  the HTTP/1.1 connection pool size, which caps the requests in flight; requests due while all
 *                     connections are busy wait in the client's queue, and that wait counts in their latency
 * @param maxQueue     the most requests that may wait for a connection (-1 = unbounded); beyond it a request fails
 *                     at once with error kind {@code pool_busy}
 * @param timeoutMs    idle timeout per request; a request with no response data for this long fails with kind
 *                     {@code timeout}
 * @param warmupS      seconds of load at the same rate before measuring starts (not recorded)
 * @param bodyFile     request body, or null for none
 * @param contentType  Content-Type header, or null for none
 * @param csvFile      summary CSV to append one row to (header written when the file is new), or null
 */
public record LoadOptions(String url, HttpMethod method, double ratePerSecond, double durationS, double warmupS,
                          int connections, int maxQueue, long timeoutMs, Path bodyFile, String contentType,
                          Path csvFile, String label) {

    public static final String USAGE = """
            usage: java -cp audio-insight.jar io.audioinsight.bench.load.OpenLoopLoad --url URL --rate R [options]
              --url URL            absolute http URL to load
              --rate R             requests per second, sent on a fixed schedule (open loop)
              --duration S         seconds to measure (default 10)
              --warmup S           seconds of unrecorded load before measuring (default 0)
              --method M           GET or POST ... (default GET, or POST when --body is given)
              --body FILE          request body
              --content-type T     Content-Type header (default application/octet-stream with --body)
              --connections N      connection pool size = cap on requests in flight (default 8)
              --max-queue N        requests allowed to wait for a connection, -1 unbounded (default -1)
              --timeout-ms N       idle timeout per request (default 30000)
              --csv FILE           append a summary row to this CSV file
              --label TEXT         label for the CSV row (default: the URL path)
            Latency is measured from each request's intended send time, so a stalled server or a full
            connection pool shows up in the percentiles (no coordinated omission).""";

    public LoadOptions {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("--url must be an absolute http(s) URL, got " + url);
        }
        if (!(ratePerSecond > 0 && ratePerSecond <= 100_000)) {
            throw new IllegalArgumentException("--rate must be in (0, 100000] requests/s, got " + ratePerSecond);
        }
        if (!(durationS > 0 && durationS <= 3600)) {
            throw new IllegalArgumentException("--duration must be in (0, 3600] s, got " + durationS);
        }
        if (!(warmupS >= 0 && warmupS <= 600)) {
            throw new IllegalArgumentException("--warmup must be in [0, 600] s, got " + warmupS);
        }
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("--connections must be in 1..10000, got " + connections);
        }
        if (maxQueue < -1) {
            throw new IllegalArgumentException("--max-queue must be -1 (unbounded) or >= 0, got " + maxQueue);
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("--timeout-ms must be >= 1, got " + timeoutMs);
        }
        if ((long) Math.ceil(ratePerSecond * (durationS + warmupS)) > 50_000_000L) {
            throw new IllegalArgumentException("--rate x (--duration + --warmup) exceeds 50 million requests");
        }
    }

    /** Requests sent during warm-up. */
    public long warmupRequests() {
        return Math.round(ratePerSecond * warmupS);
    }

    /** Requests sent, and measured, after warm-up. */
    public long measuredRequests() {
        return Math.max(1, Math.round(ratePerSecond * durationS));
    }

    public static LoadOptions parse(String... args) {
        String url = null;
        String method = null;
        double rate = Double.NaN;
        double duration = 10;
        double warmup = 0;
        int connections = 8;
        int maxQueue = -1;
        long timeoutMs = 30_000;
        Path body = null;
        String contentType = null;
        Path csv = null;
        String label = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                throw new IllegalArgumentException("help requested");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--url" -> url = value;
                case "--rate" -> rate = number(flag, value);
                case "--duration" -> duration = number(flag, value);
                case "--warmup" -> warmup = number(flag, value);
                case "--method" -> method = value.toUpperCase(Locale.ROOT);
                case "--body" -> body = Path.of(value);
                case "--content-type" -> contentType = value;
                case "--connections" -> connections = integer(flag, value);
                case "--max-queue" -> maxQueue = integer(flag, value);
                case "--timeout-ms" -> timeoutMs = integer(flag, value);
                case "--csv" -> csv = Path.of(value);
                case "--label" -> label = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (Double.isNaN(rate)) {
            throw new IllegalArgumentException("--rate is required");
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        if (body != null && contentType == null) {
            contentType = "application/octet-stream";
        }
        HttpMethod httpMethod = HttpMethod.valueOf(method != null ? method : body != null ? "POST" : "GET");
        if (label == null) {
            label = url.replaceFirst("^https?://[^/]*", "");
        }
        return new LoadOptions(url, httpMethod, rate, duration, warmup, connections, maxQueue, timeoutMs, body,
                contentType, csv, label);
    }

    private static double number(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, got '" + value + "'");
        }
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer, got '" + value + "'");
        }
    }
}
