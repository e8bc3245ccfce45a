#!/usr/bin/env bash
# Service throughput and latency (issue 3). ONE command: scripts/bench/service.sh
# Starts the packaged service (pool = inference.pool_size, default: cores) on port $PORT, then measures:
#   1. GET /health/live req/s (wrk)
#   2. POST /v1/analyze req/s with a 10 s and a 60 s clip (wrk, 2 connections per pool thread)
#   3. /health/live p99 from an open-loop fixed-rate prober WHILE wrk saturates every pool thread (target <= 2 ms)
#   4. single-thread engine throughput on the 10 s clip, and the ratio
#      service analyses/s / (pool size x single-thread analyses/s)  (target >= 0.95)
# Prints a Markdown block to paste into docs/BENCHMARKS.md. Env: PORT (8089), DURATION (wrk seconds, 20),
# POOL (inference.pool_size, 0 = cores), PROBE_RATE (200/s).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-8089}; DURATION=${DURATION:-20}; POOL=${POOL:-0}; PROBE_RATE=${PROBE_RATE:-200}
source scripts/lib/jars.sh
ensure_jar "$SERVICE_JAR" service
ensure_jar "$TOOLS_JAR" tools
scripts/bench/make-clips.sh >/dev/null
CORES=$(nproc); THREADS=$([[ $POOL == 0 ]] && echo "$CORES" || echo "$POOL")
JAR=$SERVICE_JAR
LOG=target/bench/service.log
HTTP_PORT=$PORT INFERENCE_POOL_SIZE=$POOL INFERENCE_MAX_QUEUE=1000 java -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "localhost:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "localhost:$PORT/health/ready" >/dev/null || { echo "service not ready; see $LOG" >&2; exit 1; }

rps() { awk '/Requests\/sec/ {print $2}'; }
non2xx() { awk '/Non-2xx/ {print $5} END {}' ; }

live=$(wrk -t2 -c32 -d"${DURATION}s" "http://localhost:$PORT/health/live" | tee target/bench/wrk-live.txt | rps)
conns=$((2 * THREADS))
# JIT warm-up of the service's request path and engine (not recorded).
CLIP=target/bench/clip-10s.wav wrk -t1 -c$conns -d5s --timeout 30s -s scripts/bench/post-wav.lua \
  "http://localhost:$PORT/v1/analyze" >/dev/null
a10=$(CLIP=target/bench/clip-10s.wav wrk -t1 -c$conns -d"${DURATION}s" --timeout 30s -s scripts/bench/post-wav.lua \
  "http://localhost:$PORT/v1/analyze" | tee target/bench/wrk-10s.txt | rps)
m=$(curl -fs "localhost:$PORT/metrics")
inf_ms=$(awk '/^audio_inference_seconds_sum\{operation="analyze"/ {s=$2} /^audio_inference_seconds_count\{operation="analyze"/ {c=$2} END {printf "%.1f", 1000*s/c}' <<<"$m")
wait_ms=$(awk '/^audio_queue_wait_seconds_sum/ {s=$2} /^audio_queue_wait_seconds_count/ {c=$2} END {printf "%.1f", 1000*s/c}' <<<"$m")
a60=$(CLIP=target/bench/clip-60s.wav wrk -t1 -c$conns -d"${DURATION}s" --timeout 60s -s scripts/bench/post-wav.lua \
  "http://localhost:$PORT/v1/analyze" | tee target/bench/wrk-60s.txt | rps)

# Saturate every pool thread with the 10 s clip while the prober measures liveness latency open-loop
# (the prober first runs 3 s unrecorded to warm itself up).
CLIP=target/bench/clip-10s.wav wrk -t1 -c$conns -d"$((DURATION + 8))s" --timeout 30s -s scripts/bench/post-wav.lua \
  "http://localhost:$PORT/v1/analyze" > target/bench/wrk-saturate.txt &
WRK=$!
sleep 2
probe=$(java -cp "$TOOLS_JAR" io.audioinsight.bench.load.OpenLoopProbe "http://localhost:$PORT/health/live" "$PROBE_RATE" "$DURATION")
wait $WRK
sat=$(rps < target/bench/wrk-saturate.txt)

kill -TERM $PID; wait $PID 2>/dev/null || true; trap - EXIT
engine=$(java -cp "$TOOLS_JAR" io.audioinsight.bench.engine.EngineThroughput target/bench/clip-10s.wav "$DURATION")
single=$(echo "$engine" | awk '{print $(NF-1)}')
ratio=$(awk -v s="$a10" -v e="$single" -v p="$THREADS" 'BEGIN {printf "%.3f", s / (p * e)}')
p99=$(echo "$probe" | sed -E 's/.*p99=([0-9.]+)ms.*/\1/')

cat <<MD
- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(uname -m), load average before: $(cut -d' ' -f1-3 /proc/loadavg)
- command: \`scripts/bench/service.sh\` (DURATION=${DURATION}s, pool ${THREADS} threads, ${conns} connections for /v1/analyze)

| measure | value | target |
|---|---|---|
| GET /health/live (wrk -t2 -c32) | ${live} req/s | |
| POST /v1/analyze, 10 s clip | ${a10} req/s | |
| POST /v1/analyze, 60 s clip | ${a60} req/s | |
| /health/live p99 while every pool thread is busy (open loop, ${PROBE_RATE}/s) | ${p99} ms | <= 2 ms |
| single-thread engine, 10 s clip | ${single} analyses/s | |
| mean time on a pool thread per analysis in the service (warm-up + 10 s runs) | ${inf_ms} ms | |
| mean queue wait (warm-up + 10 s runs) | ${wait_ms} ms | |
| service / (pool x single-thread engine) | ${ratio} | >= 0.95 |

\`$probe\` (analyze during probe: ${sat} req/s)
MD
