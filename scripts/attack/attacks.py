#!/usr/bin/env python3
"""Attack suite for audio-insight (issue 15, item 8): hostile clients against a live service, on loopback.

It starts the service itself (from service/target/audio-insight.jar, or ATTACK_JAR) on 127.0.0.1 with a random
free HTTP_PORT and MANAGEMENT_PORT, runs each attack bounded in count and time, and prints one summary row per
attack: the status codes the clients saw, whether every error answer was application/problem+json, the latency
of /health/live from a concurrent prober (~20 req/s, on the management port when the service opens one), the
service's RSS (max of VmRSS sampled every 200 ms), the log bytes written and the OutOfMemoryError /
blocked-thread / SEVERE lines in them, and the number of 500s. It ends with a Markdown table and one PASS/FAIL
line per target of issue 15. It is a measurement, not a test: it exits 0 whatever it measured (1 only when
the service cannot be started).

Labels besides status codes: 'reset' (the connection ended, by FIN or RST, without an answer), 'no answer'
(none within the attack's time limit), 'refused' (connect failed), 'open' / 'closed' (half-headers and
slowloris: still open at the end / closed by the server without an answer).

Usage: scripts/attack/run.sh [--list] [attack ...]      (all attacks by default, in the order of --list)
Knobs: environment variables, see KNOBS below (or --list).
Standard library only; every connection goes to 127.0.0.1.
"""

import argparse
import array
import asyncio
import base64
import collections
import errno
import http.client
import itertools
import json
import math
import os
import random
import re
import resource
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

HOST = "127.0.0.1"
MiB = 1024 * 1024
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# name: (default, meaning). Every knob is an environment variable.
KNOBS = {
    "ATTACK_JAR": ("service/target/audio-insight.jar", "the service jar (copied before it is started)"),
    "ATTACK_CONFIG": ("", "config file for the service (AUDIO_INSIGHT_CONFIG); empty: conf/config.json"),
    "ATTACK_JAVA_OPTS": ("", "extra JVM options, e.g. -Xmx1g (default: the JVM's default heap)"),
    "ATTACK_OUT": ("", "output folder (service log, report.md); empty: target/attack/<time>"),
    "PROBE_RATE": (20, "/health/live probes per second during each attack"),
    "PROBE_TIMEOUT_S": (2.0, "a probe not answered within this counts as failed (latency = this)"),
    "SETTLE_S": (60, "before each attack, wait at most this for /health/ready"),
    "HOLDBACK_N": (110, "holdback: parallel uploads"),
    "HOLDBACK_MIB": (63, "holdback: Content-Length of each upload, MiB"),
    "HOLDBACK_WAIT_S": (130, "holdback: the whole attack (send + wait for answers) is cut after this"),
    "BIG_N": (8, "big-valid: parallel uploads"),
    "BIG_MB": (60, "big-valid: size of each WAV, MB (10^6 bytes)"),
    "BIG_WAIT_S": (150, "big-valid: cut after this"),
    "HALF_K": (19000, "half-headers: sockets (capped below the fd limit)"),
    "HALF_CONNECT_S": (60, "half-headers: time allowed for opening them"),
    "HALF_HOLD_S": (20, "half-headers: hold each one this long after the last connect"),
    "HALF_EXPECT_CLOSE_S": (15, "half-headers: target: the server closes every one within this"),
    "METHODS_N": (100000, "methods: requests with made-up methods and paths"),
    "METHODS_CONNS": (4, "methods: keep-alive connections"),
    "METHODS_PIPELINE": (64, "methods: requests pipelined per write"),
    "METHODS_MAX_S": (90, "methods: cut after this"),
    "METRICS_MAX_BYTES": (100000, "methods: target: /metrics smaller than this"),
    "BAD_FLOOD_S": (10, "bad-requests: flood duration"),
    "BAD_CONNS": (8, "bad-requests: concurrent clients"),
    "BAD_LOG_MAX_BYTES": (1000000, "bad-requests: target: log bytes during the flood at most this"),
    "SLOW_N": (200, "slowloris: connections"),
    "SLOW_S": (25, "slowloris: duration (one header byte per second per connection)"),
    "HOARD_N": (8, "stream-hoard: WebSocket streams at once"),
    "HOARD_S": (60, "stream-hoard: audio seconds each stream sends (8-channel 48 kHz float, at real-time pace)"),
    "HOARD_SPEED": (1.0, "stream-hoard: pace, in multiples of real time"),
}


def knob(name):
    default = KNOBS[name][0]
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return type(default)(raw) if not isinstance(default, str) else raw


# ---------------------------------------------------------------------------------------------------------
# WAV files


def wav_header(data_bytes, rate=16000, channels=1, bits=16, riff_size=None):
    """A 44-byte PCM WAV header announcing data_bytes bytes of audio."""
    block = channels * bits // 8
    if riff_size is None:
        riff_size = min(0xFFFFFFFF, 36 + data_bytes)
    return (b"RIFF" + struct.pack("<I", riff_size) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * block, block, bits)
            + b"data" + struct.pack("<I", min(0xFFFFFFFF, data_bytes)))


def noise_tone_pcm(seconds, rate=16000, seed=1):
    """16-bit mono PCM: a 220 Hz tone in white noise; computed for 7 s at most, then repeated."""
    rnd = random.Random(seed)
    n = min(int(seconds * rate), 7 * rate)
    block = array.array("h", (int(4000 * math.sin(2 * math.pi * 220 * i / rate) + rnd.gauss(0, 1500))
                              for i in range(n)))
    if sys.byteorder != "little":
        block.byteswap()
    data = block.tobytes()
    want = int(seconds * rate) * 2
    return (data * (want // len(data) + 1))[:want]


def make_wav(seconds, rate=16000):
    pcm = noise_tone_pcm(seconds, rate)
    return wav_header(len(pcm), rate) + pcm


def wav_of_size(total_bytes):
    """A valid 16 kHz 16-bit mono WAV of exactly total_bytes bytes (noise + tone)."""
    data_bytes = (total_bytes - 44) // 2 * 2
    return wav_header(data_bytes) + noise_tone_pcm(data_bytes / 2 / 16000)


# ---------------------------------------------------------------------------------------------------------
# HTTP/1.1 over raw asyncio streams (the attacks need bytes that no client library would send)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def ctype(self):
        return self.headers.get("content-type", "")

    @property
    def closes(self):
        return "close" in self.headers.get("connection", "").lower()


async def read_response(reader, method="GET", max_body=512 * MiB):
    """Reads one response (skipping 1xx); raises EOFError when the connection ends before a status line."""
    while True:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as e:
            raise EOFError("closed before a complete response head (%d bytes)" % len(e.partial))
        parsed = parse_head(head)
        if not parsed or not parsed[0]:
            raise EOFError("not an HTTP response: %r" % head[:80])
        status, headers = parsed
        if not 100 <= status < 200:
            break
    if method == "HEAD" or status in (204, 304):
        body = b""
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        parts = []
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                break
            parts.append(await reader.readexactly(size))
            await reader.readline()
        body = b"".join(parts)
    elif "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    else:
        body = await reader.read(max_body)
    return Response(status, headers, body)


async def connect(port, timeout=5.0):
    return await asyncio.wait_for(asyncio.open_connection(HOST, port, limit=4 * MiB), timeout)


def abort(writer):
    try:
        writer.transport.abort()
    except Exception:
        pass


def outcome_of(exc):
    """The histogram label of a failed exchange."""
    if isinstance(exc, asyncio.TimeoutError):
        return "no answer"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, OSError) and exc.errno == errno.EMFILE:
        return "client EMFILE"
    return "reset"  # EOF, RST, broken pipe, incomplete read


async def exchange(port, data, timeout=5.0, method="GET"):
    """Sends raw bytes on a fresh connection, reads one response. Returns (label, Response or None)."""
    try:
        reader, writer = await connect(port, timeout)
    except Exception as e:
        return outcome_of(e), None
    try:
        writer.write(data)
        resp = await asyncio.wait_for(read_response(reader, method), timeout)
        return str(resp.status), resp
    except Exception as e:
        return outcome_of(e), None
    finally:
        abort(writer)


def request(method, path, headers=(), body=b"", host=True, content_length=True):
    lines = ["%s %s HTTP/1.1" % (method, path)]
    if host:
        lines.append("Host: 127.0.0.1")
    lines += list(headers)
    if content_length and (body or method in ("POST", "PUT")):
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def is_problem(ctype):
    return ctype.split(";")[0].strip().lower() == "application/problem+json"


class Tally:
    """What clients saw: a histogram of labels (status codes, 'reset', 'no answer', ...) and error types."""

    def __init__(self):
        self.hist = collections.Counter()
        self.errors = 0
        self.problem = 0
        self.non_problem = collections.Counter()  # "status content-type" of error answers that were not problems

    def add(self, label, resp=None):
        self.hist[label] += 1
        if resp is not None and resp.status >= 400:
            self.errors += 1
            if is_problem(resp.ctype):
                self.problem += 1
            else:
                self.non_problem["%d %s" % (resp.status, resp.ctype or "(none)")] += 1

    @property
    def count(self):
        return sum(self.hist.values())

    def hist_text(self):
        def key(item):
            return (0, int(item[0])) if item[0].isdigit() else (1, item[0])
        return " ".join("%s×%d" % (k, v) for k, v in sorted(self.hist.items(), key=key)) or "-"

    def problem_text(self):
        if self.errors == 0:
            return "no errors"
        return "%s (%d/%d)" % ("yes" if self.problem == self.errors else "NO", self.problem, self.errors)


# ---------------------------------------------------------------------------------------------------------
# The service under attack


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def http_get(port, path, timeout=5.0):
    """A plain blocking GET (for set-up and /metrics). Returns (status, body) or (None, error text)."""
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        return resp.status, body
    except Exception as e:
        return None, repr(e)


class Service:
    """The service process: started from a copy of the jar, stdout+stderr appended to one log file."""

    def __init__(self, out_dir):
        self.out_dir = out_dir
        jar = knob("ATTACK_JAR")
        self.jar = jar if os.path.isabs(jar) else os.path.join(ROOT, jar)
        self.log_path = os.path.join(out_dir, "service.log")
        self.proc = None
        self.port = self.mgmt_port = None
        self.probe_port = None  # the management port when it answers /health/live, else the main port
        self.restarts = 0

    def start(self):
        copy = os.path.join(self.out_dir, "audio-insight.jar")
        if not os.path.exists(copy):  # a build in another terminal may replace the original meanwhile
            shutil.copyfile(self.jar, copy)
        self.port = free_port()
        self.mgmt_port = free_port()
        while self.mgmt_port == self.port:
            self.mgmt_port = free_port()
        env = dict(os.environ, HTTP_PORT=str(self.port), MANAGEMENT_PORT=str(self.mgmt_port))
        if knob("ATTACK_CONFIG"):
            env["AUDIO_INSIGHT_CONFIG"] = os.path.abspath(knob("ATTACK_CONFIG"))
        cmd = ["java"] + knob("ATTACK_JAVA_OPTS").split() + ["-jar", copy]
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        log.close()
        print("service pid %d, port %d, management port %d, log %s"
              % (self.proc.pid, self.port, self.mgmt_port, self.log_path), flush=True)
        if not self.wait_ready(180):
            raise RuntimeError("service not ready (exit code %s); see %s" % (self.proc.poll(), self.log_path))
        status, _ = http_get(self.mgmt_port, "/health/live", 2)
        self.probe_port = self.mgmt_port if status == 200 else self.port
        print("health probes go to %s port %d" % ("the management" if status == 200 else "the main (no "
              "management port answered)", self.probe_port), flush=True)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not self.alive():
                return False
            if http_get(self.port, "/health/ready", 2)[0] == 200:
                return True
            time.sleep(0.5)
        return False

    def metrics_port(self):
        if self.probe_port == self.mgmt_port and http_get(self.mgmt_port, "/health/live", 2)[0] == 200:
            return self.mgmt_port
        return self.port

    def log_size(self):
        try:
            return os.path.getsize(self.log_path)
        except OSError:
            return 0

    def stop(self):
        if not self.alive():
            return self.proc.poll() if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(150)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return "killed after 150 s"


LOG_PATTERNS = {"oom": b"OutOfMemoryError", "blocked": b"has been blocked for", "severe": b"SEVERE"}


def scan_log(path, start, end):
    """Counts the lines of path[start:end] that contain each of LOG_PATTERNS."""
    counts = dict.fromkeys(LOG_PATTERNS, 0)
    regexes = {k: re.compile(rb"^[^\n]*?" + re.escape(p), re.M) for k, p in LOG_PATTERNS.items()}
    with open(path, "rb") as f:
        f.seek(start)
        left, carry = end - start, b""
        while True:
            chunk = f.read(min(left, 8 * MiB)) if left > 0 else b""
            left -= len(chunk)
            last = not chunk or left <= 0
            data = carry + chunk
            cut = len(data) if last else data.rfind(b"\n") + 1
            block, carry = data[:cut], data[cut:]
            for k, rx in regexes.items():
                if LOG_PATTERNS[k] in block:
                    counts[k] += sum(1 for _ in rx.finditer(block))
            if last:
                break
    return counts


# ---------------------------------------------------------------------------------------------------------
# The monitor: a separate process, so that the attack's own CPU use does not delay its probes


def monitor_main(port, pid, rate, timeout):
    """Probes GET /health/live open-loop at `rate`/s (a new connection each, as a load balancer does) and
    samples VmRSS of `pid` every 200 ms until SIGTERM; then prints one JSON line on stdout."""
    lat, fails, rss = [], [0], [0]

    async def probe(scheduled, loop):
        ok = False
        writer = None
        try:
            async def go():
                nonlocal writer
                reader, writer = await asyncio.open_connection(HOST, port)
                writer.write(b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return await read_response(reader)
            ok = (await asyncio.wait_for(go(), timeout)).status == 200
        except Exception:
            pass
        finally:
            if writer is not None:
                abort(writer)
        lat.append((loop.time() - scheduled) * 1000 if ok else timeout * 1000)
        if not ok:
            fails[0] += 1

    def sample_rss():
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss[0] = max(rss[0], int(line.split()[1]))
        except OSError:
            pass

    async def main():
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        t0 = loop.time()
        tasks, i, next_rss = set(), 0, t0
        while not stop.is_set():
            now = loop.time()
            if now >= next_rss:
                sample_rss()
                next_rss += 0.2
            due = t0 + i / rate
            if now >= due:
                t = asyncio.ensure_future(probe(due, loop))
                tasks.add(t)
                t.add_done_callback(tasks.discard)
                i += 1
                continue
            try:
                await asyncio.wait_for(stop.wait(), min(due, next_rss) - now)
            except asyncio.TimeoutError:
                pass
        sample_rss()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout + 1)

    asyncio.run(main())
    print(json.dumps({"lat_ms": lat, "fails": fails[0], "rss_kb": rss[0]}), flush=True)


class Monitor:
    def __init__(self, svc):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--monitor", str(svc.probe_port), str(svc.proc.pid),
             str(knob("PROBE_RATE")), str(knob("PROBE_TIMEOUT_S"))], stdout=subprocess.PIPE)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=60)
        return json.loads(out.decode().strip().splitlines()[-1])


def pct(values, q):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


# ---------------------------------------------------------------------------------------------------------
# The attacks. Each is `async def attack_x(ctx, res)`: it fills res.tally (what clients saw), res.notes
# (one-line findings) and res.figures (numbers the targets need). ctx.svc is the running Service.


class Result:
    def __init__(self, name):
        self.name = name
        self.tally = Tally()
        self.notes = []
        self.figures = {}
        self.details = []  # extra Markdown lines (per-request-type tables)


def parse_head(data):
    """(status, headers) from the start of a raw response, or None while its header block is incomplete."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = bytes(data[:end]).decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return 0, {}
    headers = {}
    for h in lines[1:]:
        k, _, v = h.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers


async def upload(port, head, body, total, deadline, chunk=256 * 1024):
    """POSTs a big body on a raw socket while reading the answer concurrently, so that an early answer
    followed by a reset is still seen. Sends `head`, then `total` bytes of body(offset, n) -> bytes-like,
    until done, answered or `deadline` (loop time); then waits for the answer until `deadline`.
    Returns (label, Response or None, loop time of the answer or None, body bytes sent)."""
    loop = asyncio.get_running_loop()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        await asyncio.wait_for(loop.sock_connect(s, (HOST, port)), 10)
    except Exception as e:
        s.close()
        return outcome_of(e), None, None, 0
    got, end = bytearray(), {"how": None, "at": None}
    answered = asyncio.Event()

    async def read():
        try:
            while True:
                data = await loop.sock_recv(s, 65536)
                if not data:
                    end["how"] = "reset"  # closed without (a complete) answer, unless parse_head says otherwise
                    break
                got.extend(data)
                if parse_head(got) is not None:
                    break
        except OSError:
            end["how"] = "reset"
        end["at"] = loop.time()
        answered.set()

    reader = asyncio.ensure_future(read())
    sent = 0
    try:
        await asyncio.wait_for(loop.sock_sendall(s, head), max(0.01, deadline - loop.time()))
        while sent < total and not answered.is_set() and loop.time() < deadline:
            n = min(chunk, total - sent)
            send = asyncio.ensure_future(loop.sock_sendall(s, body(sent, n)))
            ans = asyncio.ensure_future(answered.wait())
            done, _ = await asyncio.wait({send, ans}, timeout=max(0, deadline - loop.time()),
                                         return_when=asyncio.FIRST_COMPLETED)
            ans.cancel()
            if send not in done:
                send.cancel()
                break
            send.result()
            sent += n
    except Exception:
        pass  # the server stopped reading or closed: its answer, if any, is still read by `reader`
    try:
        await asyncio.wait_for(answered.wait(), max(0.01, deadline - loop.time()))
    except asyncio.TimeoutError:
        pass
    reader.cancel()
    s.close()
    parsed = parse_head(got)
    if parsed is not None and parsed[0]:
        resp = Response(parsed[0], parsed[1], b"")
        return str(resp.status), resp, end["at"], sent
    return end["how"] or "no answer", None, None, sent


async def attack_holdback(ctx, res):
    """HOLDBACK_N (110) parallel POST /v1/analyze, Content-Type audio/wav, Content-Length 63 MiB: a valid
    WAV header (48 kHz 16-bit stereo, so the announced 344 s stay under inference.max_audio_seconds) then
    zeros as fast as the server takes them, holding back the last byte. Each client waits for an answer
    until HOLDBACK_WAIT_S after the start. Targets: 0 OutOfMemoryError, RSS <= 1.5 GiB, /health/live p99 <=
    50 ms, 0 blocked-thread events, every client gets 503 or 504 as problem+json."""
    n, size, wait = knob("HOLDBACK_N"), knob("HOLDBACK_MIB") * MiB, knob("HOLDBACK_WAIT_S")
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    head = request("POST", "/v1/analyze", ["Content-Type: audio/wav", "Content-Length: %d" % size],
                   content_length=False) + wav_header(size - 44, rate=48000, channels=2)
    zeros = memoryview(bytes(256 * 1024))
    outcomes = await asyncio.gather(*(upload(ctx.svc.port, head, lambda off, k: zeros[:k], size - 45, t0 + wait)
                                      for _ in range(n)))
    took = loop.time() - t0
    sent = sum(o[3] for o in outcomes)
    held = sum(1 for o in outcomes if o[3] == size - 45)
    answered_at = [o[2] - t0 for o in outcomes if o[2] is not None]
    for label, resp, _, _ in outcomes:
        res.tally.add(label, resp)
    res.notes.append("%d × %d MiB announced; clients sent %.2f GB in %.0f s; %d of %d sent all but the last "
                     "byte" % (n, size // MiB, sent / 1e9, took, held, n))
    if answered_at:
        res.notes.append("answers at %.1f / %.1f / %.1f s after the start (min / p50 / max)"
                         % (min(answered_at), pct(answered_at, 0.5), max(answered_at)))
    res.figures["all_503_504_problem"] = (
        set(res.tally.hist) <= {"503", "504"} and res.tally.problem == n)


async def attack_big_valid(ctx, res):
    """BIG_N (8) parallel valid BIG_MB (60 MB) WAV uploads (16 kHz 16-bit mono, noise + tone: 1875 s, so
    413 from the header is a correct answer) to POST /v1/analyze. 200, 503 and 413 are fine; what it looks
    for is blocked-thread events while the bodies are read (issue 15: copying into a growing buffer)."""
    n, size, wait = knob("BIG_N"), int(knob("BIG_MB") * 1e6), knob("BIG_WAIT_S")
    wav = memoryview(wav_of_size(size))
    head = request("POST", "/v1/analyze", ["Content-Type: audio/wav", "Content-Length: %d" % len(wav)],
                   content_length=False)
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    outcomes = await asyncio.gather(*(upload(ctx.svc.port, head, lambda off, k: wav[off:off + k], len(wav),
                                             t0 + wait) for _ in range(n)))
    answered_at = [o[2] - t0 for o in outcomes if o[2] is not None]
    for label, resp, _, _ in outcomes:
        res.tally.add(label, resp)
    res.notes.append("%d × %.0f MB valid WAV (%.0f s of audio each); %d sent completely"
                     % (n, size / 1e6, (size - 44) / 32000, sum(1 for o in outcomes if o[3] == len(wav))))
    if answered_at:
        res.notes.append("answers at %.1f / %.1f s after the start (min / max)" % (min(answered_at),
                                                                                   max(answered_at)))
    unexpected = set(res.tally.hist) - {"200", "503", "413"}
    res.notes.append("statuses other than 200/503/413: %s" % (", ".join(sorted(unexpected)) or "none"))


async def attack_half_headers(ctx, res):
    """Opens up to HALF_K (19000) sockets (kept under this process's fd limit, soft raised to hard), each
    sending 'GET /health/live HTTP/1.1\\r\\nHost: x\\r\\n' without the final CRLF, and keeps them open
    HALF_HOLD_S after the last connect. Reports how many the server closed and when (seconds after connect).
    Targets: /health/live keeps answering (the prober's port: management or reserve), and the half-open
    connections are closed at the header timeout (~10 s default; within HALF_EXPECT_CLOSE_S)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    k = max(0, min(knob("HALF_K"), soft - 300))
    if k < knob("HALF_K"):
        res.notes.append("HALF_K capped to %d by the fd limit %d" % (k, soft))
    loop = asyncio.get_running_loop()
    connect_deadline = loop.time() + knob("HALF_CONNECT_S")
    partial = b"GET /health/live HTTP/1.1\r\nHost: x\r\n"
    conns = []  # [socket, connected_at, closed_at, how, first bytes]
    failures = collections.Counter()
    sem = asyncio.Semaphore(256)
    watchers = []

    async def watch(c):
        try:
            while True:
                data = await loop.sock_recv(c[0], 65536)
                if not data:
                    c[2], c[3] = loop.time(), "closed"
                    return
                if len(c[4]) < 200:
                    c[4] += data
        except (ConnectionResetError, BrokenPipeError):
            c[2], c[3] = loop.time(), "reset"
        except OSError:
            c[2], c[3] = loop.time(), "reset"

    async def open_one():
        async with sem:
            if loop.time() >= connect_deadline:
                failures["not tried (time)"] += 1
                return
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            except OSError as e:
                failures["client " + (errno.errorcode.get(e.errno, str(e.errno)))] += 1
                return
            s.setblocking(False)
            try:
                await asyncio.wait_for(loop.sock_connect(s, (HOST, ctx.svc.port)), 5)
                await loop.sock_sendall(s, partial)
            except Exception as e:
                s.close()
                failures["connect " + outcome_of(e)] += 1
                return
            c = [s, loop.time(), None, None, bytearray()]
            conns.append(c)
            watchers.append(asyncio.ensure_future(watch(c)))

    t0 = loop.time()
    await asyncio.gather(*(open_one() for _ in range(k)))
    opened_in = loop.time() - t0
    last = max((c[1] for c in conns), default=loop.time())
    hold_end = last + knob("HALF_HOLD_S")
    main_probe = collections.Counter()
    probe_at = last + min(5.0, knob("HALF_HOLD_S") / 2)
    while loop.time() < hold_end and any(c[2] is None for c in conns):
        if probe_at and loop.time() >= probe_at:  # the main port itself, while the sockets are held
            probe_at = None
            for _ in range(3):
                label, _resp = await exchange(ctx.svc.port, request("GET", "/health/live"), 2.0)
                main_probe[label] += 1
        await asyncio.sleep(0.5)
    for w in watchers:
        w.cancel()
    closed_after = []
    for s, t_conn, t_closed, how, first in conns:
        if t_closed is not None:
            closed_after.append(t_closed - t_conn)
            m = re.match(rb"HTTP/1\.[01] (\d{3})", bytes(first))
            res.tally.add(m.group(1).decode() if m else how)
            if m and int(m.group(1)) >= 400:  # count it as an error answer, problem or not
                ctype = re.search(rb"(?im)^content-type:\s*([^\r\n]*)", bytes(first))
                res.tally.errors += 1
                if ctype and is_problem(ctype.group(1).decode("latin-1")):
                    res.tally.problem += 1
        else:
            res.tally.add("open")
        s.close()
    for label, v in failures.items():
        res.tally.hist[label] += v
    n_closed = len(closed_after)
    res.notes.append("%d connected in %.1f s (%s); server closed %d" % (
        len(conns), opened_in, ", ".join("%s %d" % kv for kv in failures.items()) or "no failures", n_closed))
    if closed_after:
        res.notes.append("closed %.1f / %.1f / %.1f s after connect (min / p50 / max)"
                         % (min(closed_after), pct(closed_after, 0.5), max(closed_after)))
        late = [t for t in closed_after if t >= 1.0]
        res.notes.append("closed within 1 s of connect (refused, e.g. by a connection limit): %d; later: %d%s" % (
            n_closed - len(late), len(late), ", at %.1f / %.1f / %.1f s (min / p50 / max)"
            % (min(late), pct(late, 0.5), max(late)) if late else ""))
    res.notes.append("main-port /health/live while held: %s" % (
        " ".join("%s×%d" % kv for kv in main_probe.items()) or "not probed"))
    res.figures["half_connected"] = len(conns)
    res.figures["half_closed"] = n_closed
    res.figures["half_close_max_s"] = max(closed_after) if closed_after else None
    res.figures["half_close_p50_s"] = pct(closed_after, 0.5) if closed_after else None


async def attack_methods(ctx, res):
    """METHODS_N (100,000) requests 'M{i} /x{i} HTTP/1.1' (a made-up method and a distinct path each) over
    METHODS_CONNS keep-alive connections, METHODS_PIPELINE per write; then one GET /metrics (management port
    if it serves it), its size and series count (lines not starting with #). Target: /metrics < 100 KB."""
    n, conns, batch = knob("METHODS_N"), knob("METHODS_CONNS"), knob("METHODS_PIPELINE")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + knob("METHODS_MAX_S")
    todo = collections.deque(range(n))
    retried = set()

    async def worker():
        while todo and loop.time() < deadline:
            try:
                reader, writer = await connect(ctx.svc.port, 5)
            except Exception as e:
                res.tally.add(outcome_of(e))
                todo.popleft() if todo else None
                continue
            try:
                while todo and loop.time() < deadline:
                    ids = [todo.popleft() for _ in range(min(batch, len(todo)))]
                    writer.write(b"".join(b"M%d /x%d HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % (i, i) for i in ids))
                    done = 0
                    try:
                        for _ in ids:
                            resp = await asyncio.wait_for(read_response(reader), 10)
                            res.tally.add(str(resp.status), resp)
                            done += 1
                            if resp.closes:
                                break
                    finally:
                        for i in ids[done:]:  # not answered: resend once on a new connection, then count
                            if i in retried:
                                res.tally.add("reset")
                            else:
                                retried.add(i)
                                todo.append(i)
                    if done < len(ids):
                        break
            except Exception:
                pass
            finally:
                abort(writer)

    t0 = loop.time()
    await asyncio.gather(*(worker() for _ in range(conns)))
    took = loop.time() - t0
    res.notes.append("%d requests answered or failed in %.1f s (%.0f/s); %d not sent (time)"
                     % (res.tally.count, took, res.tally.count / max(took, 1e-9), len(todo)))
    port = ctx.svc.metrics_port()
    t1 = time.monotonic()
    status, body = await asyncio.to_thread(http_get, port, "/metrics", 120)
    scrape_ms = (time.monotonic() - t1) * 1000
    if status == 200:
        lines = body.split(b"\n")
        series = sum(1 for ln in lines if ln.strip() and not ln.startswith(b"#"))
        made_up = sum(1 for ln in lines if re.search(rb'="M\d+"|="/x\d+"', ln))
        res.figures["metrics_bytes"] = len(body)
        res.notes.append("GET /metrics (port %d): %d bytes, %d series, %d series with a made-up method or "
                         "path label; scrape took %.0f ms" % (port, len(body), series, made_up, scrape_ms))
    else:
        res.notes.append("GET /metrics (port %d) failed: %s %s" % (port, status, str(body)[:100]))


def bad_request_types(wav_small):
    """The malformed requests of the bad-requests flood: name -> (raw bytes, statuses accepted, max count)."""
    def post(path, ctype, body, extra=()):
        return request("POST", path, ["Content-Type: " + ctype] + list(extra), body)

    def chunked(raw_body, extra=()):
        return request("POST", "/v1/analyze", ["Content-Type: audio/wav", "Transfer-Encoding: chunked"]
                       + list(extra), content_length=False) + raw_body

    def multipart(ctype_params, part_headers=()):
        body = ("--XyZ\r\nContent-Disposition: form-data; name=\"vad_hop_size\"\r\n%s\r\n512\r\n--XyZ--\r\n"
                % "".join(h + "\r\n" for h in part_headers)).encode()
        return post("/v1/analyze", "multipart/form-data; " + ctype_params, body)

    err4 = {"400", "413", "414", "431", "501"}
    return {
        "pct-path": (request("GET", "/health/%zz"), {"400"}, None),
        "pct-query": (request("GET", "/health/live?a=%zz"), {"400", "200"}, None),
        "no-host": (request("GET", "/health/live", host=False), {"400"}, None),
        "uri-9k": (request("GET", "/health/live?q=" + "a" * 9000), {"414"}, None),
        "header-16k": (request("GET", "/health/live", ["X-Pad: " + "a" * 16384]), {"431"}, None),
        "te-unknown": (request("POST", "/v1/analyze", ["Content-Type: audio/wav", "Transfer-Encoding: snappy"],
                               content_length=False) + b"abcd", {"501", "400"}, None),
        "cl-te": (request("POST", "/v1/analyze", ["Content-Type: audio/wav", "Content-Length: 5",
                                                  "Transfer-Encoding: chunked"], content_length=False)
                  + b"0\r\n\r\n", {"400"}, None),
        "http09": (b"GET /\r\n", {"400"}, None),
        "chunk-negative": (chunked(b"-1\r\nA\r\n0\r\n\r\n"), {"400"}, None),
        "chunk-size-line-9k": (chunked(b"0" * 9000 + b"1\r\nA\r\n0\r\n\r\n"), err4, None),
        "chunk-ext-100k": (chunked(b"1;" + b"e" * 100000 + b"\r\nA\r\n0\r\n\r\n"), err4, None),
        "trailer-100k": (chunked(b"1\r\nA\r\n0\r\nX-T: " + b"t" * 100000 + b"\r\n\r\n"), err4, None),
        "multipart-empty-boundary": (multipart("boundary="), {"400"}, None),
        "multipart-bad-charset": (multipart("boundary=XyZ; charset=x-no-such-charset-42"), {"400", "415"},
                                  None),
        "multipart-part-charset": (multipart("boundary=XyZ", ["Content-Type: text/plain; charset=x-bogus-7"]),
                                   {"400", "415"}, None),
        "vad-threshold-hex": (post("/v1/analyze?vad_threshold=0x1p-1", "audio/wav", wav_small), {"400"}, 20),
        "vad-threshold-0.5d": (post("/v1/analyze?vad_threshold=0.5d", "audio/wav", wav_small), {"400"}, 20),
        "vad-hop-arabic-digits": (post("/v1/analyze?vad_hop_size=%D9%A5%D9%A1%D9%A2", "audio/wav", wav_small),
                                  {"400"}, 20),
        "head-live": (request("HEAD", "/health/live"), {"200"}, None),
    }


def collision_json(n=2000):
    """n JSON keys with one Jackson ByteQuadsCanonicalizer hash: a 12-byte prefix, then 7 4-byte quads in
    different orders (from the 4th quad on, the hash adds the quads, so their order does not change it)."""
    quads = ["aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff", "gggg"]
    keys = ["collision_k_" + "".join(p) for p in itertools.islice(itertools.permutations(quads), n)]
    return ("{" + ",".join('"%s":0' % k for k in keys) + "}").encode()


def valid_json(wav_small, extra_fields=100):
    fields = {"audio_base64": base64.b64encode(wav_small).decode()}
    for i in range(extra_fields):
        fields["extra_field_number_%03d_padding" % i] = i
    return json.dumps(fields).encode()


async def attack_bad_requests(ctx, res):
    """A BAD_FLOOD_S (10 s) flood from BAD_CONNS (8) clients, a fresh connection per request, of malformed
    requests (bad_request_types: bad percent-encoding, no Host, 414, 431, 501, CL+TE, HTTP/0.9, malformed
    chunked and multipart, non-plain numbers, HEAD), plus: 8 × a JSON with 2000 hash-colliding keys followed
    by a valid JSON on the same connection, then 8 valid JSONs on fresh connections (one request must never
    affect the next), and once an audio_base64 of a 15 MiB WAV (over Jackson's default 20 M-char string
    limit, under http.max_body_bytes). Records each type's statuses and content types. Targets: no 500,
    every error a 4xx problem+json, log output during the flood <= 1 MB."""
    wav_small = make_wav(1.0)
    types = bad_request_types(wav_small)
    per_type = collections.defaultdict(Tally)
    expect = {name: t[1] for name, t in types.items()}
    loop = asyncio.get_running_loop()
    sent_bytes = [0]

    def record(name, label, resp):
        per_type[name].add(label, resp)
        res.tally.add(label, resp)

    async def collision_then_valid():
        try:
            reader, writer = await connect(ctx.svc.port, 5)
        except Exception as e:
            record("json-collision-2000-keys", outcome_of(e), None)
            return
        coll, valid = collision_json(), valid_json(wav_small)
        try:
            writer.write(request("POST", "/v1/analyze", ["Content-Type: application/json"], coll))
            sent_bytes[0] += len(coll)
            resp = await asyncio.wait_for(read_response(reader), 30)
            record("json-collision-2000-keys", str(resp.status), resp)
            if resp.closes:
                abort(writer)
                reader, writer = await connect(ctx.svc.port, 5)
            writer.write(request("POST", "/v1/analyze", ["Content-Type: application/json"], valid))
            sent_bytes[0] += len(valid)
            resp = await asyncio.wait_for(read_response(reader), 30)
            record("json-valid-after-collision", str(resp.status), resp)
        except Exception as e:
            record("json-valid-after-collision", outcome_of(e), None)
        finally:
            abort(writer)

    expect["json-collision-2000-keys"] = {"400", "200"}
    expect["json-valid-after-collision"] = {"200", "503"}
    expect["json-valid-fresh-connection"] = {"200", "503"}
    expect["json-base64-15mib-wav"] = {"200", "503"}

    async def big_base64():
        body = b'{"audio_base64":"' + base64.b64encode(wav_of_size(15 * MiB)) + b'"}'
        label, resp = await exchange(ctx.svc.port, request("POST", "/v1/analyze",
                                                           ["Content-Type: application/json"], body), 120)
        record("json-base64-15mib-wav", label, resp)

    names = list(types)
    cursor = itertools.cycle(names)
    counts = collections.Counter()
    took_ms = collections.defaultdict(list)
    flood_end = loop.time() + knob("BAD_FLOOD_S")

    async def flooder():
        while loop.time() < flood_end:
            name = next(cursor)
            data, _, limit = types[name]
            if limit is not None and counts[name] >= limit:
                if all(types[x][2] is not None and counts[x] >= types[x][2] for x in names):
                    return
                continue
            counts[name] += 1
            sent_bytes[0] += len(data)
            t = loop.time()
            label, resp = await exchange(ctx.svc.port, data, 5.0, "HEAD" if name == "head-live" else "GET")
            took_ms[name].append((loop.time() - t) * 1000)
            record(name, label, resp)

    log0, t0 = ctx.svc.log_size(), loop.time()
    b64 = asyncio.ensure_future(big_base64())
    await asyncio.gather(*(flooder() for _ in range(knob("BAD_CONNS"))),
                         *(collision_then_valid() for _ in range(8)))
    flood_s, flood_n = loop.time() - t0, res.tally.count
    await asyncio.sleep(0.5)
    flood_log = ctx.svc.log_size() - log0
    for _ in range(8):
        label, resp = await exchange(ctx.svc.port, request("POST", "/v1/analyze", ["Content-Type: application/json"],
                                                           valid_json(wav_small)), 30)
        record("json-valid-fresh-connection", label, resp)
    await b64
    res.figures["flood_log_bytes"] = flood_log
    res.notes.append("flood: %d requests in %.1f s (%.0f/s, %.0f KB/s sent, not counting the one 20 MB base64 "
                     "JSON); log during the flood: %d bytes" % (flood_n, flood_s, flood_n / flood_s,
                                                                sent_bytes[0] / 1e3 / flood_s, flood_log))
    res.details.append("| request | n | statuses | content types of errors | expected | ok | p50 ms |")
    res.details.append("|---|---|---|---|---|---|---|")
    bad = 0
    order = list(types) + ["json-collision-2000-keys", "json-valid-after-collision", "json-valid-fresh-connection",
                           "json-base64-15mib-wav"]
    for name, t in sorted(per_type.items(), key=lambda kv: order.index(kv[0])):
        ok = set(t.hist) <= expect[name] and t.problem == t.errors
        bad += not ok
        ctypes = (", ".join("%s×%d" % kv for kv in t.non_problem.items()) if t.non_problem else
                  ("problem+json" if t.errors else "-"))
        res.details.append("| %s | %d | %s | %s | %s | %s | %s |" % (
            name, t.count, t.hist_text(), ctypes, "/".join(sorted(expect[name])), "yes" if ok else "NO",
            "%.0f" % pct(took_ms[name], 0.5) if took_ms[name] else ""))
    res.notes.append("%d of %d request types answered as expected" % (len(per_type) - bad, len(per_type)))


async def attack_slowloris(ctx, res):
    """SLOW_N (200) connections that send a request line and then one header byte per second, never ending
    the header, for SLOW_S (25) s. Reports how many the server closed and when. Expect: the service stays
    healthy; with a header-read timeout they are closed at ~10 s."""
    loop = asyncio.get_running_loop()
    t_end = loop.time() + knob("SLOW_S")
    closed_after = []

    async def one(i):
        try:
            reader, writer = await connect(ctx.svc.port, 5)
        except Exception as e:
            res.tally.add("connect " + outcome_of(e))
            return
        t_conn = loop.time()
        head = b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        trickle = itertools.cycle(b"X-Slow-%d: a-b-c-d-e-f\r\n" % i)
        got = b""
        try:
            writer.write(head)
            while loop.time() < t_end:
                try:
                    data = await asyncio.wait_for(reader.read(4096), 1.0)
                    if not data:
                        raise EOFError
                    got += data
                except asyncio.TimeoutError:
                    writer.write(bytes([next(trickle)]))
            res.tally.add("open")
        except Exception:
            closed_after.append(loop.time() - t_conn)
            m = re.match(rb"HTTP/1\.[01] (\d{3})", got)
            res.tally.add(m.group(1).decode() if m else "closed")
        finally:
            abort(writer)

    await asyncio.gather(*(one(i) for i in range(knob("SLOW_N"))))
    res.notes.append("server closed %d of %d%s" % (len(closed_after), knob("SLOW_N"), (
        ", %.1f / %.1f / %.1f s after connect (min / p50 / max)"
        % (min(closed_after), pct(closed_after, 0.5), max(closed_after))) if closed_after else ""))


SMUGGLED = b"GPOST /smuggled-canary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nx=1"


def smuggling_cases():
    """name -> bytes: a request with ambiguous framing that hides a second request, then a normal GET."""
    def ambiguous(headers, body):
        return ("POST /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(h + "\r\n" for h in headers)
                + "\r\n").encode("latin-1") + body

    te_cl_body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(SMUGGLED), SMUGGLED)
    return {
        "CL.TE": ambiguous(["Content-Length: %d" % (5 + len(SMUGGLED)), "Transfer-Encoding: chunked"],
                           b"0\r\n\r\n" + SMUGGLED),
        "TE.CL": ambiguous(["Content-Length: 4", "Transfer-Encoding: chunked"], te_cl_body),
        "TE.TE duplicate": ambiguous(["Transfer-Encoding: chunked", "Transfer-Encoding: identity",
                                      "Content-Length: 4"], te_cl_body),
        "TE space before colon": ambiguous(["Transfer-Encoding : chunked", "Content-Length: 4"], te_cl_body),
        "TE xchunked": ambiguous(["Transfer-Encoding: xchunked", "Content-Length: 4"], te_cl_body),
        "TE chunked, identity": ambiguous(["Transfer-Encoding: chunked, identity", "Content-Length: 4"],
                                          te_cl_body),
        "two Content-Length": ambiguous(["Content-Length: 4", "Content-Length: %d" % (5 + len(SMUGGLED))],
                                        b"0\r\n\r\n" + SMUGGLED),
        "Content-Length list": ambiguous(["Content-Length: 4, %d" % (5 + len(SMUGGLED))],
                                         b"0\r\n\r\n" + SMUGGLED),
        "bare LF framing": b"POST /health/live HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 4\n"
                           b"Transfer-Encoding: chunked\n\n" + te_cl_body,
    }


async def attack_smuggling(ctx, res):
    """CL.TE / TE.CL and related framing tricks, each hiding a 'GPOST /smuggled-canary' request, sent 3 times
    on fresh connections, each followed by a normal GET /health/live. All responses on the connection are
    read (until close or 2 s of silence). The hidden request counts as answered (a desync risk: RFC 9112
    6.1 wants the connection closed after a request with both Content-Length and Transfer-Encoding) when a
    response mentions the canary or there are more responses than the 2 requests meant. Expect: 400 and
    close for the ambiguous ones, the hidden request never answered, no 500."""
    desync = collections.Counter()
    rows = []
    for name, data in smuggling_cases().items():
        statuses = collections.Counter()
        for _ in range(3):
            try:
                reader, writer = await connect(ctx.svc.port, 5)
            except Exception as e:
                res.tally.add(outcome_of(e))
                continue
            n = 0
            try:
                writer.write(data)
                await asyncio.sleep(0.2)
                writer.write(request("GET", "/health/live"))
                while True:
                    resp = await asyncio.wait_for(read_response(reader), 2.0)
                    n += 1
                    res.tally.add(str(resp.status), resp)
                    statuses[str(resp.status)] += 1
                    if b"smuggled-canary" in resp.body:
                        desync[name] += 1
            except Exception as e:
                if n == 0:
                    res.tally.add(outcome_of(e))
                    statuses[outcome_of(e)] += 1
            finally:
                abort(writer)
            if n > 2:
                desync[name] += 1
        rows.append("| %s | %s | %s |" % (name, " ".join("%s×%d" % kv for kv in sorted(statuses.items())),
                                          "YES" if desync[name] else "no"))
    res.details += ["| case | statuses (3 tries, 2 requests each) | hidden request answered |", "|---|---|---|"] + rows
    res.notes.append("hidden request answered in %d of %d cases" % (len(desync), len(rows)))


async def attack_path_tricks(ctx, res):
    """Path normalization tricks, 3 rounds each on fresh connections: dot segments, double and encoded
    slashes, case, NUL, absolute-form and asterisk-form targets. Expect: 2xx/4xx, no 500, errors as
    problem+json."""
    paths = ["/../health/live", "/health/../health/live", "/%2e%2e/health/live", "//health/live",
             "/HEALTH/LIVE", "/health%2Flive", "/health%2flive", "/health/live/", "/health/live;x=1",
             "/health/live%00", "/v1%2Fanalyze", "/metrics/../v1/analyze", "/%2e%2e%2f%2e%2e%2fetc/passwd",
             "/" + "a/../" * 1000 + "health/live", "http://127.0.0.1/health/live", "*"]
    rows = []
    for p in paths:
        t = Tally()
        method = "OPTIONS" if p == "*" else "GET"
        for _ in range(3):
            label, resp = await exchange(ctx.svc.port, request(method, p), 5.0)
            t.add(label, resp)
            res.tally.add(label, resp)
        shown = p if len(p) <= 40 else p[:20] + "…(%d chars)" % len(p)
        rows.append("| `%s %s` | %s | %s |" % (method, shown, t.hist_text(), t.problem_text()))
    res.details += ["| request | statuses | errors problem+json |", "|---|---|---|"] + rows


async def attack_wav_bomb(ctx, res):
    """WAV headers that lie or are huge, twice each to POST /v1/analyze: a header claiming 10 h of audio
    with 1 s of data, data size 0xFFFFFFFF, a valid 2 s 32-channel file, 32 channels claiming 4 h, a fmt
    chunk claiming 4 GiB, 20,000 empty unknown chunks. Expect 4xx (413/400) or 200, no 500."""
    one_s = noise_tone_pcm(1.0)
    ten_h = 10 * 3600 * 16000 * 2
    ch32 = 32 * 2 * 16000 * 2
    cases = {
        "claims 10 h (16 kHz mono)": wav_header(ten_h) + one_s,
        "data size 0xFFFFFFFF": wav_header(0xFFFFFFFF, riff_size=0xFFFFFFFF) + one_s,
        "32 channels, 2 s": wav_header(ch32, channels=32) + (one_s * 64)[:ch32],
        "32 channels 8 kHz 8-bit, claims 4 h": wav_header(4 * 3600 * 8000 * 32, rate=8000, channels=32, bits=8)
                                               + one_s,
        "fmt chunk size 0xFFFFFFF0": b"RIFF" + struct.pack("<I", 36 + len(one_s)) + b"WAVEfmt "
                                     + struct.pack("<I", 0xFFFFFFF0) + b"\x01\x00" * 8 + one_s,
        "20,000 unknown chunks": b"RIFF" + struct.pack("<I", 4 + 160000 + 24 + 8 + len(one_s)) + b"WAVE"
                                 + b"junk\x00\x00\x00\x00" * 20000 + wav_header(len(one_s))[12:] + one_s,
    }
    rows = []
    for name, body in cases.items():
        t = Tally()
        for _ in range(2):
            label, resp = await exchange(ctx.svc.port, request("POST", "/v1/analyze", ["Content-Type: audio/wav"],
                                                               body), 60)
            t.add(label, resp)
            res.tally.add(label, resp)
        rows.append("| %s | %d | %s | %s |" % (name, len(body), t.hist_text(), t.problem_text()))
    res.details += ["| WAV | bytes | statuses | errors problem+json |", "|---|---|---|---|"] + rows


def ws_frame(opcode, payload):
    """A client WebSocket frame. Client frames must be masked; a zero key leaves the payload as it is, which spares
    Python a per-byte XOR of megabytes of audio."""
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + b"\0\0\0\0" + payload


async def hoarding_stream(port, seconds, speed, rate=48000, channels=8):
    """One stream of `channels` x `rate` float audio (1.5 MB a second at the defaults), sent at `speed` x real time,
    then {"type":"stop"}. Returns (label, seconds of audio sent): the label is the close code and whether the summary
    came before it ("ws 1013 after its summary", ...), the refusal's status, or how the connection ended otherwise."""
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection(HOST, port), 10)
    except Exception as e:
        return outcome_of(e), 0.0
    w.write(("GET /v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
             % base64.b64encode(os.urandom(16)).decode()).encode())
    try:
        head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 10)
    except Exception as e:
        w.close()
        return outcome_of(e), 0.0
    status = int(head.split()[1])
    if status != 101:
        w.close()
        return str(status), 0.0
    w.write(ws_frame(1, json.dumps({"type": "start", "sample_rate": rate, "encoding": "pcm_f32le",
                                    "channels": channels}).encode()))
    closed = {}
    summary = []

    async def read():
        try:
            while True:
                b = await r.readexactly(2)
                n = b[1] & 0x7f
                if n == 126:
                    n = struct.unpack("!H", await r.readexactly(2))[0]
                elif n == 127:
                    n = struct.unpack("!Q", await r.readexactly(8))[0]
                payload = await r.readexactly(n)
                if b[0] & 0x0f == 8:
                    closed["label"] = ("ws %d" % struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else "ws -") \
                        + (" after its summary" if summary else " without a summary")
                    return
                if b[0] & 0x0f == 9:
                    w.write(ws_frame(10, payload))
                if b[0] & 0x0f == 1 and b'"summary"' in payload:
                    summary.append(True)
        except Exception as e:
            closed.setdefault("label", "reset before a close frame (%s)" % outcome_of(e))

    reader = asyncio.ensure_future(read())
    bps = rate * channels * 4
    chunk = 65536 - 65536 % (channels * 4)
    audio = bytes(chunk)
    sent, t0 = 0, time.monotonic()
    try:
        while sent < bps * seconds and not closed:
            w.write(ws_frame(2, audio))
            sent += chunk
            await w.drain()
            ahead = sent / bps / speed - (time.monotonic() - t0)
            if ahead > 0:
                await asyncio.sleep(ahead)
        if not closed:
            w.write(ws_frame(1, b'{"type":"stop"}'))
            await w.drain()
        await asyncio.wait_for(reader, 120)
    except Exception:
        pass
    reader.cancel()
    w.close()
    return closed.get("label", "no close frame"), sent / bps


async def attack_stream_hoard(ctx, res):
    """HOARD_N (8) live streams at once (GET /v1/stream), each sending HOARD_S (60) s of 8-channel 48 kHz float
    audio (1.5 MB a second, the largest format a stream takes) at HOARD_SPEED x real time, then stop. Every stream
    keeps its audio for its summary, so together they hold HOARD_N x 1.5 MB x HOARD_S (720 MB at the defaults).
    Targets: 0 OutOfMemoryError (run with ATTACK_JAVA_OPTS=-Xmx512m to put the heap below what they send); every
    stream ends with a close code (1000 with its summary, 1013 at stream.max_buffered_bytes or at the lag limit) or
    its upgrade gets 503."""
    n, seconds, speed = knob("HOARD_N"), knob("HOARD_S"), knob("HOARD_SPEED")
    outcomes = await asyncio.gather(*(hoarding_stream(ctx.svc.port, seconds, speed) for _ in range(n)))
    for label, _ in outcomes:
        res.tally.add(label)
    res.notes.append("%d streams of 8 x 48 kHz float at %.1fx real time; audio sent per stream: %s s"
                     % (n, speed, " ".join("%.1f" % o[1] for o in sorted(outcomes, key=lambda o: o[1]))))
    res.figures["hoard_closed_or_refused"] = all(o[0].startswith("ws ") or o[0] == "503" for o in outcomes)


ATTACKS = collections.OrderedDict([
    ("holdback", attack_holdback),
    ("big-valid", attack_big_valid),
    ("half-headers", attack_half_headers),
    ("methods", attack_methods),
    ("bad-requests", attack_bad_requests),
    ("slowloris", attack_slowloris),
    ("smuggling", attack_smuggling),
    ("path-tricks", attack_path_tricks),
    ("wav-bomb", attack_wav_bomb),
    ("stream-hoard", attack_stream_hoard),
])


# ---------------------------------------------------------------------------------------------------------
# Running and reporting


class Ctx:
    def __init__(self, svc):
        self.svc = svc


def run_one(name, svc):
    res = Result(name)
    if not svc.alive():
        res.notes.append("service was down (exit code %s): restarted" % svc.proc.poll())
        svc.restarts += 1
        svc.start()
    if not svc.wait_ready(knob("SETTLE_S")):
        res.notes.append("service not ready after %d s before the attack" % knob("SETTLE_S"))
    log0 = svc.log_size()
    mon = Monitor(svc)
    time.sleep(0.3)  # let the prober start
    t0 = time.monotonic()
    try:
        asyncio.run(ATTACKS[name](Ctx(svc), res))
    except Exception as e:
        res.notes.append("attack error: %r" % e)
    res.seconds = time.monotonic() - t0
    time.sleep(1.0)  # let the service flush what the attack made it log
    m = mon.stop()
    res.log_bytes = svc.log_size() - log0
    res.log = scan_log(svc.log_path, log0, log0 + res.log_bytes)
    lat = m["lat_ms"]
    res.probe = {"n": len(lat), "fails": m["fails"], "p50": pct(lat, 0.5), "p99": pct(lat, 0.99),
                 "max": max(lat) if lat else float("nan")}
    res.rss_mib = m["rss_kb"] / 1024
    if not svc.alive():
        res.notes.append("SERVICE DIED during the attack (exit code %s)" % svc.proc.poll())
    return res


def row(r):
    p = r.probe
    return "| %s | %d | %s | %s | %.1f / %.1f / %.1f%s | %.0f | %s | %d | %d | %d | %d | %.0f |" % (
        r.name, r.tally.count, r.tally.hist_text(), r.tally.problem_text(), p["p50"], p["p99"], p["max"],
        " (%d/%d failed)" % (p["fails"], p["n"]) if p["fails"] else "", r.rss_mib, "{:,}".format(r.log_bytes),
        r.log["oom"], r.log["blocked"], r.log["severe"], r.tally.hist.get("500", 0), r.seconds)


HEADER = ("| attack | requests | statuses seen by clients | errors problem+json | /health/live p50 / p99 / max ms "
          "| RSS max MiB | log bytes | OOM lines | blocked-thread lines | SEVERE lines | 500s | s |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|")


def verdicts(results):
    """One line per target of issue 15 (only for the attacks that ran)."""
    out = []

    def line(ok, text):
        out.append("- %s %s" % ("PASS" if ok else "FAIL", text))

    r = results.get("holdback")
    if r:
        line(r.log["oom"] == 0, "holdback: 0 OutOfMemoryError (%d lines)" % r.log["oom"])
        line(r.rss_mib <= 1536, "holdback: RSS <= 1.5 GiB (max %.0f MiB)" % r.rss_mib)
        line(r.probe["p99"] <= 50 and r.probe["fails"] == 0, "holdback: /health/live p99 <= 50 ms (p99 %.1f ms, "
             "max %.1f ms, %d of %d probes failed)" % (r.probe["p99"], r.probe["max"], r.probe["fails"], r.probe["n"]))
        line(r.log["blocked"] == 0, "holdback: 0 blocked-thread events (%d lines)" % r.log["blocked"])
        line(r.figures.get("all_503_504_problem", False), "holdback: every client gets 503/504 problem+json (%s; "
             "problem+json %d/%d)" % (r.tally.hist_text(), r.tally.problem, r.tally.count))
    r = results.get("half-headers")
    if r:
        line(r.probe["fails"] == 0, "half-headers: /health/live keeps answering (%d of %d probes failed, p99 "
             "%.1f ms, port %s)" % (r.probe["fails"], r.probe["n"], r.probe["p99"], r.figures.get("probe_port")))
        conn, closed, mx = (r.figures.get("half_connected", 0), r.figures.get("half_closed", 0),
                            r.figures.get("half_close_max_s"))
        line(conn > 0 and closed == conn and mx is not None and mx <= knob("HALF_EXPECT_CLOSE_S"),
             "half-headers: half-open connections closed at the header timeout (%d of %d closed, p50 %s s, "
             "max %s s; target <= %d s)" % (closed, conn, "%.1f" % r.figures["half_close_p50_s"] if mx is not None
                                            else "-", "%.1f" % mx if mx is not None else "-", knob("HALF_EXPECT_CLOSE_S")))
    r = results.get("methods")
    if r:
        b = r.figures.get("metrics_bytes")
        line(b is not None and b < knob("METRICS_MAX_BYTES"), "methods: /metrics < %d bytes after %d requests "
             "(%s bytes)" % (knob("METRICS_MAX_BYTES"), r.tally.count, "{:,}".format(b) if b is not None else "no scrape"))
    r = results.get("bad-requests")
    if r:
        b = r.figures.get("flood_log_bytes", 0)
        line(b <= knob("BAD_LOG_MAX_BYTES"), "bad-requests: log during the %d s flood <= %d bytes (%s bytes)"
             % (knob("BAD_FLOOD_S"), knob("BAD_LOG_MAX_BYTES"), "{:,}".format(b)))
    r = results.get("stream-hoard")
    if r:
        line(r.log["oom"] == 0, "stream-hoard: 0 OutOfMemoryError (%d lines)" % r.log["oom"])
        line(r.figures.get("hoard_closed_or_refused", False), "stream-hoard: every stream ends with a close code or "
             "a 503 (%s)" % r.tally.hist_text())
    n500 = sum(r.tally.hist.get("500", 0) for r in results.values())
    line(n500 == 0, "0 × 500 across the suite (%d; attacks run: %s)" % (n500, ", ".join(results)))
    return out


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--monitor":
        monitor_main(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("attacks", nargs="*", help="attack names (default: all): " + ", ".join(ATTACKS))
    ap.add_argument("--list", action="store_true", help="list the attacks and the knobs, then exit")
    args = ap.parse_args()
    if args.list:
        for name, fn in ATTACKS.items():
            print("%s:\n    %s\n" % (name, " ".join(fn.__doc__.split())))
        print("knobs (environment variables):")
        for k, (d, meaning) in KNOBS.items():
            print("  %-20s %-36s %s" % (k, "(%s)" % d if d != "" else "(empty)", meaning))
        return 0
    unknown = [a for a in args.attacks if a not in ATTACKS]
    if unknown:
        ap.error("unknown attack(s) %s; known: %s" % (", ".join(unknown), ", ".join(ATTACKS)))
    chosen = args.attacks or list(ATTACKS)
    soft, hard = raise_fd_limit()
    out_dir = knob("ATTACK_OUT") or os.path.join(ROOT, "target", "attack", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out_dir, exist_ok=True)
    print("fd limit %d/%d; output in %s" % (soft, hard, out_dir), flush=True)
    svc = Service(out_dir)
    try:
        svc.start()
    except Exception as e:
        print("cannot start the service: %s" % e, file=sys.stderr)
        try:
            with open(svc.log_path, "rb") as f:
                sys.stderr.write(f.read()[-3000:].decode("utf-8", "replace"))
        except OSError:
            pass
        svc.stop()
        return 1
    results = collections.OrderedDict()
    t_suite = time.monotonic()
    try:
        for name in chosen:
            print("== %s ..." % name, flush=True)
            try:
                r = run_one(name, svc)
            except Exception as e:
                print("   %s could not run: %r" % (name, e), flush=True)
                continue
            r.figures["probe_port"] = "management %d" % svc.mgmt_port if svc.probe_port == svc.mgmt_port \
                else "main %d" % svc.port
            results[name] = r
            print(HEADER.split("\n")[0] + "\n" + HEADER.split("\n")[1] + "\n" + row(r), flush=True)
            for n in r.notes:
                print("   " + n, flush=True)
    finally:
        code = svc.stop()
    lines = ["## Attack suite run", "",
             "- date: %s; machine: %d cores, %s; load average before: %s" % (
                 time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()), os.cpu_count(), os.uname().machine,
                 " ".join(open("/proc/loadavg").read().split()[:3])),
             "- command: `scripts/attack/run.sh%s`; jar %s; health probes on the %s port; the service "
             "exited with %s after SIGTERM; suite took %.0f s" % (
                 "".join(" " + a for a in args.attacks), os.path.relpath(svc.jar, ROOT), next(iter(results.values())).figures["probe_port"]
                 if results else "?", code, time.monotonic() - t_suite),
             "- knobs: " + ", ".join("%s=%s" % (k, knob(k)) for k in KNOBS if not k.startswith("ATTACK_")),
             "", HEADER] + [row(r) for r in results.values()] + [""]
    for r in results.values():
        lines.append("**%s**: %s" % (r.name, "; ".join(r.notes) or "-"))
        lines.append("")
        if r.details:
            lines += r.details + [""]
    lines += ["### Targets (issue 15)", ""] + verdicts(results)
    report = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(report)
    print("\n" + report, flush=True)
    print("report: %s; service log: %s" % (os.path.join(out_dir, "report.md"), svc.log_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
