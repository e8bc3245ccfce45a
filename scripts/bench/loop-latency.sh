#!/usr/bin/env bash
# Loop latency under load (issue 19), in one command, with the FastAPI peer beside it:
#
#   BASE_JAR=OLD/service/target/audio-insight.jar BASE_CONFIG=OLD/conf/config.json scripts/bench/loop-latency.sh
#   (about 14 minutes; without BASE_JAR the base column is left out)
#
# For each server set-up in turn (a fresh process each), GET /health/live is probed open loop at PROBE_RATE/s
# (OpenLoopProbe: latency from each request's due time, so no coordinated omission) while:
#   - capacity: 2 connections per core post the 10 s clip closed loop: every core busy with analyses and no
#     refusals; its throughput over (cores x the engine's single-thread speed) is the throughput ratio;
#   - saturation: SAT_CONNS connections post the 10 s clip closed loop (wrk): more than the queue holds, so the
#     rest get 503 and, being wrk, retry at once (a retry storm on top of a busy pool);
#   - flood (audio-insight only): FLOOD_CONNS connections post the 60 s clip (1.9 MB) as fast as they can, with
#     INFERENCE_MAX_QUEUE=FLOOD_QUEUE, so nearly every upload is refused with 503.
# Each loaded case runs WARMUP s unmeasured first (JIT), then DURATION s measured.
# The prober (OpenLoopProbe on SocketProbe: blocking sockets, a thread per connection, sends on time to a few
# microseconds) runs at nice -15 (when root) so that it is not itself starved; its floor is measured first against
# each idle (freshly started) server. Reported per run: probe p50/p99/max, wrk statuses and socket errors, 503s without Retry-After,
# throughput (audio seconds analysed per second), CPU use of the machine, blocked-thread events, the server's
# peak RSS (VmHWM) and GC pauses (p50/p99/max/count from -Xlog:gc,gc+phases; ZGC and G1 both log "Pause").
#
# Also per run: the server's CPU seconds by thread group (event loops, inference pool, GC and VM, Vert.x workers,
# the acceptor, the JIT compilers, other).
# Set-ups (SETUPS, comma list; default all but inst2):
#   base      the jar in BASE_JAR (e.g. built from the commit before issue 19), G1, its defaults
#   g1        this tree's jar, G1 (the JVM's default collector), inference.thread_nice=10 (default)
#   nice0     this tree's jar, G1, inference.thread_nice=0 (isolates the priority change)
#   zgc       this tree's jar, -XX:+UseZGC, thread_nice=10
#   shen      this tree's jar, -XX:+UseShenandoahGC, thread_nice=10
#   xms       this tree's jar, G1 with -Xms = -Xmx (a young generation sized for the whole heap from the start)
#   xmn       this tree's jar, G1 with a fixed young generation, -Xmn$YOUNG (default 384m): fewer, not longer, pauses
#   inst2     this tree's jar, G1, http.instances=2 (one event loop per core instead of two)
#   slice0    this tree's jar, G1, http.read_slice_bytes=0 (Netty's default reads: up to 16 x 64 KiB per turn)
#   mgmt      this tree's jar, G1, probed on the management port (management.port: its own Vert.x, one loop)
#   peer      bench/peers/fastapi_app.py under uvicorn (no flood case: it has no admission control)
#   trivial   scripts/bench/trivial_http.py, idle only: the floor of the prober, loopback and this machine's
#             scheduler (other processes included), against which the servers' idle figures can be read
# Env: CASES (idle,cap,sat,flood), DURATION (20 s per run), WARMUP (20 s of the same load before each measured run), PROBE_RATE (50), SAT_CONNS (16), FLOOD_CONNS (64), FLOOD_QUEUE (8), PORT (18480),
# PEER_PORT (18401), BASE_JAR, BASE_CONFIG (the conf/config.json of BASE_JAR's checkout: an older jar refuses
# keys it does not know), HEAP (-Xmx for every set-up; default 1g). Output: target/bench/loop-latency/,
# and a Markdown table on stdout for docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jars.sh
DURATION=${DURATION:-20}; WARMUP=${WARMUP:-20}; PROBE_RATE=${PROBE_RATE:-50}; SAT_CONNS=${SAT_CONNS:-16}; FLOOD_CONNS=${FLOOD_CONNS:-64}
FLOOD_QUEUE=${FLOOD_QUEUE:-8}; PORT=${PORT:-18480}; PEER_PORT=${PEER_PORT:-18401}; HEAP=${HEAP:-1g}; YOUNG=${YOUNG:-384m}
SETUPS=${SETUPS:-base,g1,nice0,zgc,shen,mgmt,peer}; CASES=${CASES:-idle,cap,sat,flood}
OUT=target/bench/loop-latency; mkdir -p "$OUT"
PY=/usr/bin/python3

need=()
command -v wrk >/dev/null || need+=(wrk)
# the same packages as run-all.sh's peer: uvicorn picks uvloop and httptools up when they are there
$PY -c 'import fastapi, uvicorn, numpy, uvloop, httptools' 2>/dev/null || \
  need+=(python3-fastapi python3-uvicorn python3-numpy python3-uvloop python3-httptools)
if (( ${#need[@]} )); then
  apt_get=(apt-get); (( EUID == 0 )) || apt_get=(sudo apt-get)
  "${apt_get[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${need[@]}" >/dev/null
fi
ensure_jar "$SERVICE_JAR" service
ensure_jar "$TOOLS_JAR" tools
scripts/bench/make-clips.sh >/dev/null
if [[ ,$SETUPS, == *,base,* && ( ! -f ${BASE_JAR:-/nonexistent} || ! -f ${BASE_CONFIG:-/nonexistent} ) ]]; then
  echo "SETUPS has base but BASE_JAR or BASE_CONFIG is not a file; leaving base out" >&2
  SETUPS=$(echo ",$SETUPS," | sed 's/,base,/,/; s/^,//; s/,$//')
fi

PROBER=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -cp "$TOOLS_JAR" io.audioinsight.bench.load.OpenLoopProbe)
(( EUID == 0 )) && PROBER=(nice -n -15 "${PROBER[@]}")
PID=
stop_server() { if [[ -n $PID ]]; then kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap stop_server EXIT

start_server() { # $1 = set-up, $2 = queue limit (0 = default); sets PID, URL_BASE, GCLOG
  local setup=$1 queue=$2 jar=$SERVICE_JAR gc=() nice=10 instances=0 mgmt=0 conf=() slice=()
  GCLOG=$OUT/gc-$setup-$3.log; rm -f "$GCLOG"
  case $setup in
    base) jar=$BASE_JAR; conf=(-Dconfig="$BASE_CONFIG") ;;
    nice0) nice=0 ;;
    zgc) gc=(-XX:+UseZGC) ;;
    xms) gc=(-Xms"$HEAP") ;;
    xmn) gc=(-Xmn"$YOUNG") ;;
    shen) gc=(-XX:+UseShenandoahGC) ;;
    inst2) instances=2 ;;
    slice0) slice=(HTTP_READ_SLICE_BYTES=0) ;;
    mgmt) mgmt=$((PORT + 1)) ;;
    trivial)
      $PY scripts/bench/trivial_http.py "$PEER_PORT" >"$OUT/trivial.log" 2>&1 &
      PID=$!; SERVER_STARTED=$(date +%s.%N); URL_BASE=http://127.0.0.1:$PEER_PORT; PROBE_URL=$URL_BASE/health/live; GCLOG=
      for _ in $(seq 1 50); do curl -fs "$PROBE_URL" >/dev/null 2>&1 && return 0; sleep 0.1; done
      echo "trivial server not up" >&2; exit 1 ;;
    peer)
      (cd bench/peers && exec $PY -m uvicorn fastapi_app:app --port "$PEER_PORT" --log-level warning) \
        >"$OUT/peer.log" 2>&1 &
      PID=$!; SERVER_STARTED=$(date +%s.%N); URL_BASE=http://127.0.0.1:$PEER_PORT; PROBE_URL=$URL_BASE/health/live; GCLOG=
      wait_ready; return ;;
  esac
  env "${slice[@]}" HTTP_PORT=$PORT MANAGEMENT_PORT=$mgmt HTTP_INSTANCES=$instances INFERENCE_MAX_QUEUE=$queue INFERENCE_THREAD_NICE=$nice HTTP_ACCESS_LOG=false \
    java -Xmx"$HEAP" "${gc[@]}" "${conf[@]}" -Xlog:gc,gc+phases:file="$GCLOG":uptime -jar "$jar" >"$OUT/server-$setup-$3.log" 2>&1 &
  PID=$!; SERVER_STARTED=$(date +%s.%N); URL_BASE=http://127.0.0.1:$PORT
  PROBE_URL=$URL_BASE/health/live; (( mgmt )) && PROBE_URL=http://127.0.0.1:$mgmt/health/live
  wait_ready
}
wait_ready() {
  for _ in $(seq 1 360); do curl -fs "$URL_BASE/health/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "server not ready; see $OUT" >&2; exit 1
}
busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
blocked_events() {
  [[ $URL_BASE == *":$PORT" ]] || { echo "-"; return; }
  curl -fs "$URL_BASE/metrics" | awk '/^app_blocked_thread_events_total/ { s += $NF } END { printf "%d", s + 0 }'
}
gc_pauses() { # p50 / p99 / max ms (count) of the "Pause" lines in the GC log from JVM uptime GC_FROM s on
  [[ -n $GCLOG && -f $GCLOG ]] || { echo "-"; return; }
  # awk, not grep: a window without pauses must not fail the pipeline (set -o pipefail)
  awk -v from="${GC_FROM:-0}" '/Pause/ { up = $1; gsub(/[^0-9.]/, "", up); if (up + 0 >= from) print }' "$GCLOG" |
    sed -E 's/.* ([0-9.]+)ms$/\1/' | awk '/^[0-9.]+$/' | sort -g | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "none"; exit }
      i50 = int(0.5 * NR + 0.999); i99 = int(0.99 * NR + 0.999)
      printf "%.2f / %.2f / %.2f (%d)", v[i50], v[i99], v[NR], NR }'
}
# CPU seconds of the server's threads by group (event loops, inference pool, GC, other), from /proc/PID/task/*/stat
thread_cpu() {
  [[ $URL_BASE == *":$PORT" ]] || { echo ""; return; }
  local hz; hz=$(getconf CLK_TCK)
  for t in /proc/"$PID"/task/*; do
    { read -r stat <"$t/stat"; } 2>/dev/null || continue
    local name=${stat#*(}; name=${name%)*}; local rest=${stat##*) }
    set -- $rest
    echo "${12} ${13} $name"
  done | awk -v hz="$hz" '
    { g = "other"; name = $0; sub(/^[0-9]+ [0-9]+ /, "", name) }
    name ~ /^vert\.x-eventloo/ { g = "loops" }
    name ~ /^audio-inferenc/ { g = "inference" }
    name ~ /^(GC Thread|G1 |ZWorker|ZDirector|ZDriver|ZStat|ZUncommit|Shenandoah|VM Thread)/ { g = "gc+vm" }
    name ~ /^vert\.x-worker/ { g = "workers" }
    name ~ /^vert\.x-acceptor/ { g = "acceptor" }
    name ~ /^C[12] CompilerThre/ { g = "jit" }
    { cpu[g] += ($1 + $2) / hz }
    END { for (g in cpu) printf "%s=%.1f ", g, cpu[g] }'
}
cpu_delta() { # before after -> "loops 12.3 s, inference 4.5 s, ..." (differences)
  awk -v a="$1" -v b="$2" 'BEGIN {
    n = split(a, x, " "); for (i = 1; i <= n; i++) { split(x[i], kv, "="); before[kv[1]] = kv[2] }
    n = split(b, y, " "); out = ""
    for (i = 1; i <= n; i++) { split(y[i], kv, "="); out = out sprintf("%s %.1f, ", kv[1], kv[2] - before[kv[1]]) }
    print substr(out, 1, length(out) - 2) }'
}
probe_summary() { echo "$1" | sed -E 's/.*errors=([0-9]+).*p50=([0-9.]+)ms.*p99=([0-9.]+)ms.*max=([0-9.]+)ms.*/\2 \/ \3 \/ \4 (errors \1)/'; }

declare -A R
run_case() { # $1 = set-up, $2 = case (idle|sat|flood)
  local setup=$1 kase=$2 queue=0 wrk_out=$OUT/wrk-$1-$2.txt
  [[ $kase == flood ]] && queue=$FLOOD_QUEUE
  start_server "$setup" "$queue" "$kase"
  local j0 j1 probe t0 t1
  # The load runs WARMUP s unmeasured first (a fresh JVM spends its first 20-30 s compiling: the JIT took 7 of 30
  # CPU s in a 15 s run), then DURATION s measured with the prober; CPU, GC pauses and wrk's counts cover only
  # the measured window.
  local clip=target/bench/clip-10s.wav conns=$SAT_CONNS threads=1
  case $kase in
    cap) conns=$((2 * $(nproc))) ;;
    flood) clip=target/bench/clip-60s.wav conns=$FLOOD_CONNS threads=2 ;;
  esac
  if [[ $kase != idle ]] && (( WARMUP > 0 )); then
    CLIP=$clip INTERVAL_MS=0 wrk -t$threads -c"$conns" -d"${WARMUP}s" --timeout 60s \
      -s scripts/bench/overload.lua "$URL_BASE/v1/analyze" >"$wrk_out.warmup"
  fi
  j0=$(busy_jiffies); t0=$(thread_cpu); GC_FROM=$(awk -v s="$SERVER_STARTED" -v n="$(date +%s.%N)" 'BEGIN { printf "%.3f", n - s }')
  if [[ $kase == idle ]]; then
    probe=$("${PROBER[@]}" "$PROBE_URL" "$PROBE_RATE" "$(( DURATION < 10 ? DURATION : 10 ))")
  else
    # the prober warms itself up for 3 s, so wrk runs 3 s longer than DURATION, and 2 s more to outlast it
    CLIP=$clip INTERVAL_MS=0 /usr/bin/time -f "%U %S" -o "$wrk_out.cpu" wrk -t$threads -c"$conns" \
      -d"$((DURATION + 5))s" --timeout 60s -s scripts/bench/overload.lua "$URL_BASE/v1/analyze" >"$wrk_out" &
    local w=$!
    probe=$("${PROBER[@]}" "$PROBE_URL" "$PROBE_RATE" "$DURATION"); wait $w
  fi
  j1=$(busy_jiffies); t1=$(thread_cpu)
  R[$setup,$kase,threads]=$(cpu_delta "$t0" "$t1")
  R[$setup,$kase,probe]=$(probe_summary "$probe")
  R[$setup,$kase,cpu]=$(awk -v a="$j0" -v b="$j1" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "%.0f%%", 100 * (y[1] - x[1]) / (y[2] - x[2]) }')
  R[$setup,$kase,blocked]=$(blocked_events)
  R[$setup,$kase,rss]=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")
  stop_server
  R[$setup,$kase,gc]=$(gc_pauses)
  if [[ $kase != idle ]]; then
    local line statuses
    line=$(grep '^RESULT requests' "$wrk_out"); statuses=$(grep '^RESULT statuses' "$wrk_out" | sed 's/^RESULT statuses *//')
    R[$setup,$kase,statuses]=$statuses
    R[$setup,$kase,wrkcpu]=$(awk '{ printf "%.1f", $1 + $2 }' "$wrk_out.cpu")
    R[$setup,$kase,sock]=$(echo "$line" | sed -E 's/.*socket_errors=([0-9]+ \([^)]*\)).*/\1/')
    R[$setup,$kase,noretry]=$(echo "$line" | sed -E 's/.*no_retry_after=([0-9]+).*/\1/')
    local secs ok clip=10
    [[ $kase == flood ]] && clip=60
    secs=$(echo "$line" | sed -E 's/.*duration_s=([0-9.]+).*/\1/')
    ok=$(echo " $statuses" | tr ' ' '\n' | awk -F= '$1 == 200 { print $2 }'); ok=${ok:-0}
    R[$setup,$kase,tput]=$(awk -v n="$ok" -v s="$secs" -v c="$clip" 'BEGIN { printf "%.0f", n * c / s }')
  fi
  echo "[$(date -u +%H:%M:%S)] $setup $kase: probe ${R[$setup,$kase,probe]}, cpu ${R[$setup,$kase,cpu]}" \
    "statuses ${R[$setup,$kase,statuses]:-} sock ${R[$setup,$kase,sock]:-} gc ${R[$setup,$kase,gc]}" >&2
}

IFS=, read -r -a setups <<<"$SETUPS"
IFS=, read -r -a cases <<<"$CASES"
for s in "${setups[@]}"; do
  for c in "${cases[@]}"; do
    # the peer has no admission control (no flood case); the trivial server only measures the machine's floor
    [[ $s == peer && $c == flood || $s == trivial && $c != idle ]] || run_case "$s" "$c"
  done
done
trap - EXIT

# Engine speed for the throughput ratio: the 10 s clip analysed in a loop for DURATION s by one process alone, then
# by one process per core at once (the fair denominator: busy cores slow each other down a little).
engine_speed() { "$@" java -cp "$TOOLS_JAR" io.audioinsight.bench.engine.EngineThroughput target/bench/clip-10s.wav "$DURATION" \
  2>/dev/null | sed -nE 's/.* = ([0-9.]+) analyses\/s.*/\1/p'; }
if [[ ,$CASES, == *,cap,* ]]; then
engine=$(engine_speed | awk '{ printf "%.0f", 10 * $1 }')
engine_all=$(for _ in $(seq 1 "$(nproc)"); do engine_speed & done; wait)
engine_all=$(echo "$engine_all" | awk '{ s += $1 } END { printf "%.0f", 10 * s }')
# The same at the pool threads' nice value (inference.thread_nice, 10): on a machine with other work, even
# SCHED_IDLE work, threads at nice 10 get a smaller share than the nice-0 engine above, and the ratio would
# count that against the service.
engine_nice=$(for _ in $(seq 1 "$(nproc)"); do engine_speed nice -n 10 & done; wait)
engine_nice=$(echo "$engine_nice" | awk '{ s += $1 } END { printf "%.0f", 10 * s }')
fi

for s in "${setups[@]}"; do
  [[ -n ${engine:-} && -n ${R[$s,cap,tput]:-} ]] && \
    R[$s,cap,ratio]=$(awk -v t="${R[$s,cap,tput]}" -v e="$engine" -v n="$(nproc)" -v a="$engine_all" \
      -v b="$engine_nice" 'BEGIN { printf "%.2f (%.2f against %d processes at once, %.2f against them at nice 10)", t / (n * e), t / a, n, t / b }')
done

row() { # label, key, case
  local line="| $1 |"
  for s in "${setups[@]}"; do line+=" ${R[$s,$3,$2]:--} |"; done
  echo "$line"
}
hdr="| measure |"; sep="|---|"
for s in "${setups[@]}"; do hdr+=" $s |"; sep+="---|"; done
cat <<MD
- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
- command: \`scripts/bench/loop-latency.sh\` (SETUPS=$SETUPS, ${WARMUP} s warm-up then ${DURATION} s measured per run, probe ${PROBE_RATE}/s at
  nice -15, saturation ${SAT_CONNS} connections x 10 s clip, flood ${FLOOD_CONNS} connections x 60 s clip with
  queue ${FLOOD_QUEUE}, -Xmx${HEAP}); engine alone, one thread: ${engine:-?} audio s/s; $(nproc) engine processes at
  once: ${engine_all:-?} audio s/s in all, at nice 10: ${engine_nice:-?}
  (so the ratio is throughput / (pool $(nproc) x ${engine:-?}))

$hdr
$sep
$(row "idle: /health/live p50 / p99 / max ms (probe floor)" probe idle)
$(row "capacity: /health/live p50 / p99 / max ms" probe cap)
$(row "capacity: audio s analysed per s" tput cap)
$(row "capacity: throughput / (cores x engine alone)" ratio cap)
$(row "capacity: statuses" statuses cap)
$(row "capacity: server CPU s by thread group" threads cap)
$(row "capacity: load generator (wrk) CPU s" wrkcpu cap)
$(row "saturation: /health/live p50 / p99 / max ms" probe sat)
$(row "saturation: CPU busy (whole machine)" cpu sat)
$(row "saturation: audio s analysed per s" tput sat)
$(row "saturation: statuses" statuses sat)
$(row "saturation: GC pauses p50 / p99 / max ms (n)" gc sat)
$(row "saturation: server CPU s by thread group" threads sat)
$(row "saturation: load generator (wrk) CPU s" wrkcpu sat)
$(row "saturation: blocked-thread events" blocked sat)
$(row "flood: /health/live p50 / p99 / max ms" probe flood)
$(row "flood: statuses" statuses flood)
$(row "flood: 503 without Retry-After" noretry flood)
$(row "flood: socket errors (connect read write timeout)" sock flood)
$(row "flood: peak RSS MiB (VmHWM)" rss flood)
$(row "flood: GC pauses p50 / p99 / max ms (n)" gc flood)
$(row "flood: server CPU s by thread group" threads flood)
$(row "flood: load generator (wrk) CPU s" wrkcpu flood)
$(row "flood: blocked-thread events" blocked flood)
MD
