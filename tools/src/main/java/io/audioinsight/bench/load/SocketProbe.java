package io.audioinsight.bench.load;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop GET prober on plain blocking sockets, so that what it reports is the server's latency and not the
 * prober's. Request i is due at {@code start + i / rate}; latency runs from that due time to the last byte of the
 * response (no coordinated omission).
 *
 * <p>Why not the Vert.x client ({@link OpenLoopRun}): against an idle server its 1 ms send tick, the hand-offs
 * between its event loop and the caller, and the loop's own wake-ups added 1-1.5 ms to a 0.3 ms round trip (p50 1.8
 * against 0.5 ms for a blocking socket client, docs/BENCHMARKS.md). Here each of {@code connections} sender threads
 * owns one keep-alive connection, claims the next due request when it is free, sleeps until shortly before the due
 * time and spins the rest (so the send is on time to a few microseconds), then writes the request and blocks
 * reading the answer. Up to {@code connections} requests are in flight, so a stalled answer does not delay the
 * next send; only when every thread waits do sends lag, and that lag counts in the latency.
 */
public final class SocketProbe {

    /** Sleep until this long before the due time, then spin: a parked thread wakes late by tens of microseconds. */
    private static final long SPIN_NANOS = 200_000;

    private final LoadOptions options;
    private final String host;
    private final int port;
    private final byte[] request;
    private final long warmup;
    private final long total;
    private final double intervalNanos;
    private final long[] latencies;
    private final boolean[] answered;
    private final int[] statusOf;
    private final String[] errorOf;
    private final long[] sendLag;
    private final AtomicLong next = new AtomicLong();
    private long startNanos;

    private SocketProbe(LoadOptions options) {
        URI uri = URI.create(options.url());
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("SocketProbe speaks plain http only, got " + options.url());
        }
        this.options = options;
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUser-Agent: audio-insight-socket-probe\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.warmup = options.warmupRequests();
        this.total = warmup + options.measuredRequests();
        this.intervalNanos = 1e9 / options.ratePerSecond();
        int measured = Math.toIntExact(options.measuredRequests());
        this.latencies = new long[measured];
        this.answered = new boolean[measured];
        this.statusOf = new int[measured];
        this.errorOf = new String[measured];
        this.sendLag = new long[measured];
    }

    /** Runs the probe to the end (blocking the caller) and returns its report. */
    public static LoadReport run(LoadOptions options) throws InterruptedException {
        return new SocketProbe(options).runAll();
    }

    private LoadReport runAll() throws InterruptedException {
        Thread[] senders = new Thread[options.connections()];
        // Every sender connects and sends one unrecorded request before the schedule starts, so that connection
        // set-up and class loading are not counted as latency.
        Sender[] state = new Sender[senders.length];
        for (int t = 0; t < senders.length; t++) {
            state[t] = new Sender();
            state[t].prime();
        }
        startNanos = System.nanoTime() + 1_000_000;
        for (int t = 0; t < senders.length; t++) {
            Sender sender = state[t];
            senders[t] = new Thread(sender::loop, "probe-sender-" + t);
            senders[t].setDaemon(true);
            senders[t].start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        for (Sender sender : state) {
            sender.close();
        }
        return report();
    }

    private long dueNanos(long index) {
        return startNanos + Math.round(index * intervalNanos);
    }

    private LoadReport report() {
        SortedMap<String, Long> errors = new TreeMap<>();
        SortedMap<Integer, Long> statuses = new TreeMap<>();
        long[] answeredLatencies = new long[latencies.length];
        int responses = 0;
        long maxLag = 0;
        long lastEnd = dueNanos(warmup);
        for (int i = 0; i < latencies.length; i++) {
            maxLag = Math.max(maxLag, sendLag[i]);
            lastEnd = Math.max(lastEnd, dueNanos(warmup + i) + latencies[i]);
            if (answered[i]) {
                answeredLatencies[responses++] = latencies[i];
                statuses.merge(statusOf[i], 1L, Long::sum);
            } else {
                errors.merge(errorOf[i], 1L, Long::sum);
            }
        }
        double elapsedS = Math.max(options.durationS(), (lastEnd - dueNanos(warmup)) / 1e9);
        return new LoadReport(options, options.measuredRequests(), responses, errors, statuses, elapsedS,
                maxLag / 1e6, LatencyStats.ofNanos(answeredLatencies, responses));
    }

    /** One sender thread and its keep-alive connection (reopened after an error). */
    private final class Sender {
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        void prime() {
            try {
                exchange();
            } catch (IOException e) {
                // the schedule's first request on this connection will reconnect and record the error
                close();
            }
        }

        void loop() {
            for (long index = next.getAndIncrement(); index < total; index = next.getAndIncrement()) {
                long due = dueNanos(index);
                waitUntil(due);
                long sent = System.nanoTime();
                int status = 0;
                String error = null;
                try {
                    status = exchange();
                } catch (IOException e) {
                    error = errorKind(e);
                    close();
                }
                long end = System.nanoTime();
                if (index >= warmup) {
                    int slot = (int) (index - warmup);
                    latencies[slot] = end - due;
                    sendLag[slot] = Math.max(0, sent - due);
                    answered[slot] = error == null;
                    statusOf[slot] = status;
                    errorOf[slot] = error;
                }
            }
        }

        /** Sends the request on this sender's connection (opening it when needed) and returns the status. */
        private int exchange() throws IOException {
            if (socket == null) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, options.timeoutMs()));
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.timeoutMs()));
                socket = s;
                out = s.getOutputStream();
                in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            }
            out.write(request);
            out.flush();
            HttpResponseReader.Response response = HttpResponseReader.read(in);
            if (!response.keepAlive()) {
                close();
            }
            return response.status();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection; nothing to do
                }
            }
            socket = null;
            out = null;
            in = null;
        }
    }

    private static void waitUntil(long dueNanos) {
        long left = dueNanos - System.nanoTime();
        if (left > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
        }
        while (System.nanoTime() < dueNanos) {
            Thread.onSpinWait();
        }
    }

    /** A short, stable name for why a request got no response, as {@link OpenLoopRun#errorKind} names them. */
    static String errorKind(IOException failure) {
        if (failure instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (failure instanceof ConnectException) {
            return "connect";
        }
        if (failure instanceof EOFException) {
            return "closed";
        }
        return failure.getClass().getSimpleName();
    }
}
