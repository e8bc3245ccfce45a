#!/usr/bin/env bash
# Live-stream load benchmark (issue 23). ONE command: scripts/bench/stream-load.sh
# Starts the service (vad.engine=silero) with stream.batch_size=BATCH, opens STREAMS WebSocket clients over RAMP s,
# each sending the 10 s bench clip (looped) in 32 ms frames at real-time pace for DURATION s (StreamLoad), while
# OpenLoopProbe measures GET /health/live at PROBE_RATE/s. Prints the StreamLoad report (closes, overloaded events,
# client-seen event delay, server event latency p50/p99 from /metrics, Silero rows per call, blocked-thread
# events), the probe line, the service's CPU per second of stream audio in the steady state, and the load average
# before and after: on a shared machine, read the figures with it.
# Env: PORT (8090), STREAMS (400), DURATION (60), RAMP (20), BATCH (64), BATCH_WAIT_MS (4), POOL (0 = cores),
# PROBE_RATE (100), MAX_LAG_MS (2000), JAVA_OPTS (service JVM flags, default -Xmx3g), CLIENT_JAVA_OPTS (the load
# client's), CLIENT_NICE (10). Log: target/bench/stream-*.log
# The load client runs at CLIENT_NICE, by default the niceness of the service's inference threads
# (inference.thread_nice): on one machine with the service it must not take the pool's CPU ahead of it, as a client
# on another machine would not; it then shares fairly with the pool, and its own lag is reported (frame send lag).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-8090}; STREAMS=${STREAMS:-400}; DURATION=${DURATION:-60}; RAMP=${RAMP:-20}; BATCH=${BATCH:-64}
BATCH_WAIT_MS=${BATCH_WAIT_MS:-4}; POOL=${POOL:-0}; PROBE_RATE=${PROBE_RATE:-100}; MAX_LAG_MS=${MAX_LAG_MS:-2000}
JAVA_OPTS=${JAVA_OPTS:--Xmx3g}
source scripts/lib/jars.sh
ensure_jar "$SERVICE_JAR" service
ensure_jar "$TOOLS_JAR" tools
scripts/bench/make-clips.sh >/dev/null
mkdir -p target/bench
LOG=target/bench/stream-$STREAMS-b$BATCH.log
# shellcheck disable=SC2086
HTTP_PORT=$PORT INFERENCE_POOL_SIZE=$POOL VAD_ENGINE=silero STREAM_MAX_STREAMS=$((STREAMS + 100)) \
  STREAM_BATCH_SIZE=$BATCH STREAM_BATCH_WAIT_MS=$BATCH_WAIT_MS STREAM_MAX_LAG_MS=$MAX_LAG_MS HTTP_ACCESS_LOG=false \
  java $JAVA_OPTS -jar "$SERVICE_JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "localhost:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "localhost:$PORT/health/ready" >/dev/null || { echo "service not ready; see $LOG" >&2; exit 1; }
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
# CPU ticks of the service's threads by group ("loops=123 inference=456 ..."), from /proc/PID/task/*/stat
group_ticks() {
  for t in /proc/"$PID"/task/*; do
    { read -r stat <"$t/stat"; } 2>/dev/null || continue
    local name=${stat#*(}; name=${name%)*}; local rest=${stat##*) }
    # shellcheck disable=SC2086
    set -- $rest
    echo "${12} ${13} $name"
  done | awk '
    { g = "other"; name = $0; sub(/^[0-9]+ [0-9]+ /, "", name) }
    name ~ /^vert\.x-eventloo/ { g = "loops" }
    name ~ /^audio-inferenc/ { g = "inference" }
    name ~ /^(GC Thread|G1 |VM Thread)/ { g = "gc+vm" }
    name ~ /^C[12] CompilerThre/ { g = "jit" }
    { t[g] += $1 + $2 }
    END { for (g in t) printf "%s=%d ", g, t[g] }'
}
frames() { curl -fs "localhost:$PORT/metrics" | awk '/^audio_stream_frames_total/ { print $2 }'; }
# The service's own CPU per second of stream audio in the steady state: from 10 s after the last stream opened
# (start-up, JIT and ramp excluded) to 5 s before the first stops; it shares the machine, so this is what the
# streams cost whatever the load around, where wall-clock capacity is not.
(
  sleep "$(awk -v r="$RAMP" 'BEGIN { print r + 10 }')"
  client=$(pgrep -f "bench.stream.StreamLoad --url ws://localhost:$PORT/" | head -1)
  client_ticks() { awk '{ print $14 + $15 }' "/proc/$client/stat" 2>/dev/null || echo 0; }
  c0=$(cpu_ticks); f0=$(frames); w0=$(date +%s.%N); g0=$(group_ticks); k0=$(client_ticks)
  # until 5 s before the first stream stops (it opened about when this sampler started)
  sleep "$(awk -v d="$DURATION" -v r="$RAMP" 'BEGIN { w = d - r - 15; print (w > 5 ? w : 5) }')"
  c1=$(cpu_ticks); f1=$(frames); w1=$(date +%s.%N); g1=$(group_ticks); k1=$(client_ticks)
  awk -v c0="$c0" -v c1="$c1" -v f0="$f0" -v f1="$f1" -v w0="$w0" -v w1="$w1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { cpu = (c1 - c0) / hz; audio = (f1 - f0) * 0.032; wall = w1 - w0; if (audio <= 0) audio = 1e-9;
      printf "steady state: service CPU %.1f s over %.1f s wall (%.2f cores) for %.0f s of stream audio: %.2f ms CPU per stream-second, one core carries about %.0f real-time streams\n", cpu, wall, cpu / wall, audio, 1000 * cpu / audio, audio / cpu }' \
    > target/bench/stream-steady.txt
  # the same window by thread group, in cores
  echo "$g0|$g1" | awk -v w0="$w0" -v w1="$w1" -v hz="$(getconf CLK_TCK)" -F'|' '
    { n = split($1, a, " "); for (i = 1; i <= n; i++) { split(a[i], kv, "="); b[kv[1]] = kv[2] }
      n = split($2, a, " "); out = "steady state by thread group (cores):";
      for (i = 1; i <= n; i++) { split(a[i], kv, "="); out = out sprintf(" %s %.2f", kv[1], (kv[2] - b[kv[1]]) / hz / (w1 - w0)) }
      print out }' >> target/bench/stream-steady.txt
  awk -v k0="$k0" -v k1="$k1" -v w0="$w0" -v w1="$w1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "steady state: the load client (same machine) %.2f cores\n", (k1 - k0) / hz / (w1 - w0) }' \
    >> target/bench/stream-steady.txt
) &
SAMPLER=$!
echo "# STREAMS=$STREAMS DURATION=$DURATION RAMP=$RAMP BATCH=$BATCH BATCH_WAIT_MS=$BATCH_WAIT_MS POOL=$POOL CLIENT_NICE=${CLIENT_NICE:-10}"
java -cp "$TOOLS_JAR" io.audioinsight.bench.load.OpenLoopProbe "http://localhost:$PORT/health/live" "$PROBE_RATE" \
  "$(awk -v d="$DURATION" -v r="$RAMP" 'BEGIN { printf "%d", d + r - 5 }')" > target/bench/stream-probe.txt &
PROBE=$!
# shellcheck disable=SC2086
nice -n "${CLIENT_NICE:-10}" java ${CLIENT_JAVA_OPTS:-} -cp "$TOOLS_JAR" io.audioinsight.bench.stream.StreamLoad --url "ws://localhost:$PORT/v1/stream" \
  --metrics "http://localhost:$PORT/metrics" --wav target/bench/clip-10s.wav --streams "$STREAMS" \
  --duration "$DURATION" --ramp "$RAMP" | tee target/bench/stream-load.txt
wait $PROBE || true
wait $SAMPLER || true
cat target/bench/stream-probe.txt target/bench/stream-steady.txt
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
