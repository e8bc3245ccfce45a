#!/usr/bin/env bash
# Overload benchmark (issue 5). ONE command: scripts/bench/overload.sh
# For admission control ON and then OFF (inference.admission_control), on a fresh service each time:
#   - offers FACTOR x capacity of the 60 s clip for DURATION s on a fixed schedule (wrk + overload.lua, up to CONNS
#     connections in flight), every request with ?timeout_ms=DEADLINE_MS;
#   - meanwhile probes GET /health/live open-loop at PROBE_RATE/s (OpenLoopProbe, free of coordinated omission);
#   - then reads /metrics: rejections, cancellations, audio_wasted_inference_seconds_total (pool-thread CPU spent on
#     jobs cancelled while running: deadline passed or client left), and the slowest 200 as the server saw it.
# Capacity (analyses/s of the 60 s clip) is measured first on the ON service: wrk, 2 connections per pool thread.
# Last, the drain under load: the same offered load on a fresh service, SIGTERM after DRAIN_AFTER s (with
# shutdown.grace_ms=DRAIN_GRACE_MS): statuses seen until the process exits, its exit status and drain time.
# Prints a Markdown block for docs/BENCHMARKS.md. Env: PORT (8090), DURATION (30), POOL (inference.pool_size,
# 0 = cores), CONNS (160), FACTOR (4), DEADLINE_MS (5000), PROBE_RATE (200), JAR (service/target/audio-insight.jar),
# JAVA_OPTS (extra JVM flags for the service, e.g. -Xlog:gc). Logs and raw outputs: target/bench/overload-*.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-8090}; DURATION=${DURATION:-30}; POOL=${POOL:-0}; CONNS=${CONNS:-160}; FACTOR=${FACTOR:-4}
DEADLINE_MS=${DEADLINE_MS:-5000}; PROBE_RATE=${PROBE_RATE:-200}; source scripts/lib/jars.sh
JAR=${JAR:-$SERVICE_JAR}
[[ $JAR != "$SERVICE_JAR" ]] || ensure_jar "$SERVICE_JAR" service
ensure_jar "$TOOLS_JAR" tools
scripts/bench/make-clips.sh >/dev/null
export CLIP=target/bench/clip-60s.wav
OUT=target/bench; mkdir -p $OUT
THREADS=$([[ $POOL == 0 ]] && nproc || echo "$POOL")
URL="http://localhost:$PORT/v1/analyze?timeout_ms=$DEADLINE_MS"
PID=; EXIT_RC=
# SIGTERM drains (readiness 503, new work 503, admitted work finishes); the exit status should be 0.
stop_service() { if [[ -n $PID ]]; then kill -TERM "$PID" 2>/dev/null; EXIT_RC=0; wait "$PID" 2>/dev/null || EXIT_RC=$?; PID=; fi; }
trap stop_service EXIT

start_service() { # $1 = true|false (admission control)
  SHUTDOWN_GRACE_MS=${GRACE:-5000} HTTP_PORT=$PORT INFERENCE_POOL_SIZE=$POOL INFERENCE_ADMISSION_CONTROL=$1 java ${JAVA_OPTS:-} -jar "$JAR" >"$OUT/overload-$1.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 240); do curl -fs "localhost:$PORT/health/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "service not ready; see $OUT/overload-$1.log" >&2; exit 1
}
metric() { # sum of the samples of metric $1 whose labels contain $2
  curl -fs "localhost:$PORT/metrics" | awk -v m="$1" -v l="${2:-}" \
    'index($0, m) == 1 && (substr($0, length(m) + 1, 1) == "{" || substr($0, length(m) + 1, 1) == " ") && index($0, l) { s += $NF } END { printf "%.3f", s + 0 }'
}
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$PID/stat"; }

# Capacity: closed loop with 2 connections per pool thread keeps every thread busy without filling the queue.
start_service true
INTERVAL_MS=0 wrk -t1 -c$((2 * THREADS)) -d10s --timeout 30s -s scripts/bench/overload.lua "$URL" >"$OUT/overload-capacity.txt"
capacity=$(awk '/Requests\/sec/ {print $2}' "$OUT/overload-capacity.txt")
rate=$(awk -v f="$FACTOR" -v cap="$capacity" 'BEGIN { printf "%.2f", f * cap }')
interval_ms=$(awk -v r="$rate" 'BEGIN { printf "%.3f", 2 * 1000 / r }') # per wrk thread (-t2)

declare -A R
for admission in true false; do
  [[ $admission == false ]] && { stop_service; start_service false; }
  cpu0=$(cpu_seconds)
  INTERVAL_MS=$interval_ms wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 60s -s scripts/bench/overload.lua "$URL" \
    >"$OUT/overload-wrk-$admission.txt" &
  WRK=$!
  sleep 1
  probe=$(java -cp "$TOOLS_JAR" io.audioinsight.bench.load.OpenLoopProbe "http://localhost:$PORT/health/live" "$PROBE_RATE" "$((DURATION - 2))")
  wait $WRK
  cpu1=$(cpu_seconds)
  w="$OUT/overload-wrk-$admission.txt"
  statuses=$(grep '^RESULT statuses' "$w" | sed 's/^RESULT statuses *//')
  line=$(grep '^RESULT requests' "$w")
  get() { echo "$line" | sed -E "s/.*[ (]$1[= ]([0-9.]+).*/\1/"; }
  total=$(get requests); secs=$(get duration_s)
  count() { echo " $statuses" | tr ' ' '\n' | awk -F= -v s="$1" '$1 == s {print $2}' | grep . || echo 0; }
  ok=$(count 200); busy=$(count 503)
  other=$(echo " $statuses" | tr ' ' '\n' | awk -F= '$1 != "" && $1 != 200 && $1 != 503 {n += $2} END {print n + 0}')
  R[$admission,offered]=$(awk -v n="$total" -v s="$secs" -v c="$capacity" 'BEGIN { printf "%.1f/s (%.1fx)", n / s, n / s / c }')
  R[$admission,ok]=$(awk -v a="$ok" -v n="$total" -v s="$secs" 'BEGIN { printf "%d (%.1f%%, %.1f/s)", a, n ? 100 * a / n : 0, a / s }')
  R[$admission,busy]=$(awk -v a="$busy" -v n="$total" 'BEGIN { printf "%d (%.1f%%)", a, n ? 100 * a / n : 0 }')
  R[$admission,other]="$other ($statuses)"
  R[$admission,noretry]=$(get no_retry_after)
  R[$admission,sock]=$(echo "$line" | sed -E 's/.*socket_errors=([0-9]+ \([^)]*\)).*/\1/')
  R[$admission,p99]="$(get p50_ms) / $(get p99_ms) / $(get max_ms)"
  R[$admission,max200]=$(awk -v s="$(metric vertx_http_server_response_time_seconds_max 'code="200",method="POST"')" 'BEGIN { printf "%.0f", 1000 * s }')
  R[$admission,live]=$(echo "$probe" | sed -E 's/.*errors=([0-9]+).*p50=([0-9.]+)ms.*p99=([0-9.]+)ms.*max=([0-9.]+)ms.*/\2 \/ \3 \/ \4 (errors \1)/')
  R[$admission,wasted]=$(metric audio_wasted_inference_seconds_total)
  R[$admission,busy_s]=$(metric audio_inference_seconds_sum)
  R[$admission,cancel]="$(metric audio_requests_cancelled_total 'reason="deadline"' | cut -d. -f1) / $(metric audio_requests_cancelled_total 'reason="client_gone"' | cut -d. -f1)"
  R[$admission,rejected]=$(metric audio_requests_rejected_total 'reason="queue_full"' | cut -d. -f1)
  R[$admission,cpu]=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.1f", b - a }')
  echo "$probe" >"$OUT/overload-probe-$admission.txt"
  stop_service
  R[$admission,exit]=$EXIT_RC
done

# Drain under load: SIGTERM while 4 x capacity is offered. Connection errors after the process has gone are expected.
DRAIN_AFTER=${DRAIN_AFTER:-5}; DRAIN_GRACE_MS=${DRAIN_GRACE_MS:-1000}
GRACE=$DRAIN_GRACE_MS start_service true
INTERVAL_MS=$interval_ms wrk -t2 -c"$CONNS" -d"$((DRAIN_AFTER + 6))s" --timeout 60s -s scripts/bench/overload.lua "$URL" \
  >"$OUT/overload-wrk-drain.txt" &
WRK=$!
sleep "$DRAIN_AFTER"
t0=$(date +%s.%N); kill -TERM "$PID"; EXIT_RC=0; wait "$PID" || EXIT_RC=$?; t1=$(date +%s.%N); PID=
wait $WRK || true
drain_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
drain_statuses=$(grep '^RESULT statuses' "$OUT/overload-wrk-drain.txt" | sed 's/^RESULT statuses *//')
drain_sock=$(grep '^RESULT requests' "$OUT/overload-wrk-drain.txt" | sed -E 's/.*socket_errors=([0-9]+ \([^)]*\)).*/\1/')
drain_noretry=$(grep '^RESULT requests' "$OUT/overload-wrk-drain.txt" | sed -E 's/.*no_retry_after=([0-9]+).*/\1/')
trap - EXIT

cat <<MD
- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(uname -m), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
- command: \`scripts/bench/overload.sh\` (60 s clip offered at ${rate}/s = ${FACTOR} x capacity for ${DURATION} s, up to
  ${CONNS} connections, deadline timeout_ms=${DEADLINE_MS}; pool ${THREADS} threads, queue 4 x pool;
  /health/live probed open-loop at ${PROBE_RATE}/s)
- capacity (wrk, $((2 * THREADS)) connections, admission on): ${capacity} analyses/s of the 60 s clip

| measure | admission control on | admission control off |
|---|---|---|
| requests sent (x capacity) | ${R[true,offered]} | ${R[false,offered]} |
| 200 (share, rate) | ${R[true,ok]} | ${R[false,ok]} |
| 503 (share) | ${R[true,busy]} | ${R[false,busy]} |
| other statuses | ${R[true,other]} | ${R[false,other]} |
| 503 without Retry-After | ${R[true,noretry]} | ${R[false,noretry]} |
| socket errors | ${R[true,sock]} | ${R[false,sock]} |
| latency p50 / p99 / max, all responses (wrk), ms | ${R[true,p99]} | ${R[false,p99]} |
| slowest 200 as the server saw it, ms (deadline ${DEADLINE_MS}) | ${R[true,max200]} | ${R[false,max200]} |
| /health/live p50 / p99 / max, ms (open loop) | ${R[true,live]} | ${R[false,live]} |
| rejected queue_full | ${R[true,rejected]} | ${R[false,rejected]} |
| cancelled deadline / client_gone | ${R[true,cancel]} | ${R[false,cancel]} |
| pool thread seconds (wall) on completed analyses | ${R[true,busy_s]} | ${R[false,busy_s]} |
| **wasted CPU seconds** (jobs cancelled while running: deadline or client gone) | ${R[true,wasted]} | ${R[false,wasted]} |
| service process CPU seconds during the run | ${R[true,cpu]} | ${R[false,cpu]} |
| exit status after SIGTERM (drain) | ${R[true,exit]} | ${R[false,exit]} |

Drain under load (admission on, SIGTERM after ${DRAIN_AFTER} s of the same load, shutdown.grace_ms=${DRAIN_GRACE_MS}):
exit status ${EXIT_RC} after ${drain_s} s; statuses seen: ${drain_statuses}; 503 without Retry-After: ${drain_noretry};
socket errors (wrk keeps retrying once the process has gone, so these are mostly after the exit; wrk cannot tell them apart): ${drain_sock}.
MD
