package io.audioinsight.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a blocking stream and discards its body, for {@link SocketProbe}: the status
 * line, the headers, then a body framed by Content-Length, by chunked transfer coding, or (with neither) by the end
 * of the connection. Enough of HTTP for a prober; not a general client.
 */
final class HttpResponseReader {

    /** The most bytes of one header line; a longer line is not a response this prober understands. */
    private static final int MAX_LINE = 8 * 1024;

    /**
     * @param status    the response's status code
     * @param keepAlive whether the connection can carry the next request
     */
    record Response(int status, boolean keepAlive) {}

    private HttpResponseReader() {}

    static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        // "HTTP/1.1 200 OK": the code is the second field
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status code in: " + statusLine, e);
        }
        boolean keepAlive = !parts[0].equals("HTTP/1.0");
        long contentLength = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> keepAlive = value.contains("keep-alive") || !value.contains("close")
                        && keepAlive;
                default -> { }
            }
        }
        // 1xx, 204 and 304 have no body whatever the headers say
        boolean noBody = status / 100 == 1 || status == 204 || status == 304;
        if (noBody) {
            return new Response(status, keepAlive);
        }
        if (chunked) {
            for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                skip(in, size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers are read and dropped
            }
        } else if (contentLength >= 0) {
            skip(in, contentLength);
        } else {
            while (in.read() >= 0) {
                // the body runs to the end of the connection
            }
            keepAlive = false;
        }
        return new Response(status, keepAlive);
    }

    private static long chunkSize(String line) throws IOException {
        int end = line.indexOf(';');
        try {
            return Long.parseLong((end < 0 ? line : line.substring(0, end)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + line, e);
        }
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        for (long left = bytes; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed inside a response body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** One line without its CRLF (or bare LF). */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed inside a response head");
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("response header line longer than " + MAX_LINE + " bytes");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
