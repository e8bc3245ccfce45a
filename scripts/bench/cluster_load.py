#!/usr/bin/env python3
"""Load for scripts/bench/cluster.sh (stdlib only).

  open URL RATE SECONDS CLIP TIMEOUT_MS   open loop: one POST every 1/RATE s for SECONDS s, each on its own
                                          connection; prints one JSON line: counts by status, socket errors,
                                          hangs (no answer by TIMEOUT_MS + 10 s), latency p50/p95 of the 200s.
  pairs URL_A URL_B METRICS_A CLIP LONG_CLIP N
                                          forwarding cost: N rounds of (A busy with LONG_CLIP; CLIP to A, which
                                          forwards it; CLIP straight to B); keeps rounds where A's forward counter
                                          rose by exactly 1; prints p50 of (client latency - server queue - inference)
                                          for both, and their difference; and the raw transfer of CLIP's bytes
                                          over a loopback TCP connection (send, 1-byte answer), the floor a
                                          forward cannot beat: added - transfer is what the target bounds.
  submit URL N CLIP                       POSTs CLIP as N jobs to URL (/v1/jobs); prints the ids of the 202s.
  await URL TIMEOUT_S ID...               polls URL/ID for each job until all are final or TIMEOUT_S passed;
                                          prints one JSON line: jobs by final state (or "unfinished"/"missing").
"""
import http.client, json, socket, statistics, sys, threading, time, urllib.parse

def post(url, body, timeout_s):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout_s)
    t0 = time.monotonic()
    try:
        conn.request("POST", u.path + ("?" + u.query if u.query else ""), body, {"Content-Type": "audio/wav"})
        r = conn.getresponse()
        data = r.read()
        return r.status, time.monotonic() - t0, data
    finally:
        conn.close()

def metric(url, name):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", u.path)
    total = 0.0
    for line in conn.getresponse().read().decode().splitlines():
        if line.startswith(name) and line[len(name):len(name) + 1] in ("{", " "):
            total += float(line.rsplit(" ", 1)[1])
    conn.close()
    return total

def open_loop(url, rate, seconds, clip, timeout_ms):
    body = open(clip, "rb").read()
    counts, lat, lock, threads = {}, [], threading.Lock(), []
    timeout_s = timeout_ms / 1000 + 10

    def one():
        try:
            status, took, _ = post(url, body, timeout_s)
            key = str(status)
        except TimeoutError:
            key, took = "hang", None
        except OSError as e:
            key, took = "socket_error", None
            if isinstance(e, __import__("socket").timeout):
                key = "hang"
        with lock:
            counts[key] = counts.get(key, 0) + 1
            if key == "200":
                lat.append(took)

    start = time.monotonic()
    n = int(rate * seconds)
    for i in range(n):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=one, daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    lat.sort()
    out = {"offered": n, "rate": rate, "counts": counts,
           "share_200": round(counts.get("200", 0) / max(1, n), 3),
           "p50_s": round(lat[len(lat) // 2], 3) if lat else None,
           "p95_s": round(lat[int(len(lat) * 0.95)], 3) if lat else None}
    print(json.dumps(out))

def overhead(status, took, data):
    t = json.loads(data)["timing"]
    return took * 1000 - t["queued_ms"] - t["inference_ms"]

def raw_transfer_ms(body, n):
    """p50 of sending body over an open loopback TCP connection until a 1-byte answer comes back."""
    server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
    def serve():
        conn, _ = server.accept()
        with conn:
            for _ in range(n):
                left = len(body)
                while left > 0:
                    chunk = conn.recv(min(left, 1 << 20))
                    if not chunk:
                        return
                    left -= len(chunk)
                conn.sendall(b"k")
    t = threading.Thread(target=serve, daemon=True); t.start()
    c = socket.create_connection(server.getsockname())
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    took = []
    for _ in range(n):
        t0 = time.monotonic()
        c.sendall(body)
        c.recv(1)
        took.append((time.monotonic() - t0) * 1000)
    c.close(); server.close()
    return statistics.median(took)

def pairs(url_a, url_b, metrics_a, clip, long_clip, n):
    body, long_body = open(clip, "rb").read(), open(long_clip, "rb").read()
    fwd, direct, skipped = [], [], 0
    for _ in range(n):
        before = metric(metrics_a, "audio_cluster_forwarded_total")
        busy = threading.Thread(target=lambda: post(url_a, long_body, 120), daemon=True)
        busy.start()
        time.sleep(0.3)  # A's one pool thread takes the long clip
        s1, t1, d1 = post(url_a, body, 60)
        s2, t2, d2 = post(url_b, body, 60)
        busy.join()
        after = metric(metrics_a, "audio_cluster_forwarded_total")
        if s1 == 200 and s2 == 200 and after - before == 1:
            fwd.append(overhead(s1, t1, d1))
            direct.append(overhead(s2, t2, d2))
        else:
            skipped += 1
    out = {"rounds": len(fwd), "skipped": skipped}
    transfer = raw_transfer_ms(body, max(20, n))
    out["raw_transfer_p50_ms"] = round(transfer, 2)
    if fwd:
        out.update({"forwarded_overhead_p50_ms": round(statistics.median(fwd), 2),
                    "direct_overhead_p50_ms": round(statistics.median(direct), 2),
                    "added_p50_ms": round(statistics.median(fwd) - statistics.median(direct), 2),
                    "added_p50_pairwise_ms": round(statistics.median([f - d for f, d in zip(fwd, direct)]), 2)})
        out["added_beyond_transfer_p50_ms"] = round(out["added_p50_ms"] - transfer, 2)
    print(json.dumps(out))

def submit(url, n, clip):
    body, ids = open(clip, "rb").read(), []
    for _ in range(n):
        status, _, data = post(url, body, 60)
        if status == 202:
            ids.append(json.loads(data)["id"])
    print(" ".join(ids))

def get_json(url):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request("GET", u.path)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()

def await_jobs(url, timeout_s, ids):
    states, give_up = {}, time.monotonic() + timeout_s
    pending = list(ids)
    while pending and time.monotonic() < give_up:
        for i in list(pending):
            try:
                status, data = get_json(url + "/" + i)
            except OSError:
                continue
            if status == 404:
                states[i] = "missing"
                pending.remove(i)
            elif status == 200 and json.loads(data)["state"] in ("succeeded", "failed", "cancelled"):
                states[i] = json.loads(data)["state"]
                pending.remove(i)
        time.sleep(0.2)
    for i in pending:
        states[i] = "unfinished"
    counts = {}
    for v in states.values():
        counts[v] = counts.get(v, 0) + 1
    print(json.dumps({"accepted": len(ids), "final": counts}))

if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "open":
        open_loop(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], int(sys.argv[6]))
    elif mode == "pairs":
        pairs(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], int(sys.argv[7]))
    elif mode == "submit":
        submit(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif mode == "await":
        await_jobs(sys.argv[2], float(sys.argv[3]), sys.argv[4:])
    else:
        sys.exit(__doc__)
