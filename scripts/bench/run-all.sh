#!/usr/bin/env bash
# The benchmark suite of issue 6, in one command. From the repository root:
#
#   scripts/bench/run-all.sh            # full run, about 13 minutes
#   scripts/bench/run-all.sh --quick    # shorter runs, about 6 minutes
#
# It builds the service and tools jars if needed, starts audio-insight (DEMO_ENABLED=true) and the FastAPI
# reference (bench/peers/fastapi_app.py under uvicorn), and runs:
#   1. "three ways to wait": /ping/{blocking,worker,async}?ms=100 and /health/live, closed loop with wrk at
#      concurrency 1, 10, 100, while an open-loop prober (io.audioinsight.bench.load.OpenLoopLoad) measures
#      /health/live at a fixed rate, and the blocked-thread events counted in /metrics meanwhile; both servers;
#   2. scaling: /v1/analyze (10 s clip) requests/s against inference.pool_size x http.instances;
#   3. latency against offered load: /v1/analyze at rising fixed rates (open loop) up to past saturation.
# It prints the tables, writes CSV + Markdown under bench/results/<time>/ (git-ignored; bench/results/latest
# points at the newest) and renders PNG charts (gnuplot) into docs/img/.
#
# Options:
#   --quick              short durations (for a smoke run; figures are rougher)
#   --duration S         seconds per wrk/prober run in suite 1 (default 10, quick 3)
#   --suites LIST        comma list of waits,scaling,load (default all three)
#   --port P             audio-insight port (default 18380)
#   --peer-port P        FastAPI port (default 18301)
#   --no-peer            skip the FastAPI reference
#   --jar PATH           use this service jar instead of service/target/audio-insight.jar (no build)
#   --out DIR            results directory (default bench/results/<UTC time>)
#   --no-docs            leave docs/img/ alone (charts only in the results directory)
#   --ready-timeout S    seconds to wait for /health/ready (default 180)
# Environment: JAVA_OPTS (server JVM options), PROBE_RATE (default 200 req/s).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BENCH_DIR="$ROOT/scripts/bench"
ARGS="$*"

quick=false
duration=""
suites="waits,scaling,load"
port=18380
peer_port=18301
use_peer=true
jar=""
out=""
docs=true
ready_timeout=180
while (( $# )); do
  case "$1" in
    --quick) quick=true ;;
    --duration) duration=$2; shift ;;
    --suites) suites=$2; shift ;;
    --port) port=$2; shift ;;
    --peer-port) peer_port=$2; shift ;;
    --no-peer) use_peer=false ;;
    --jar) jar=$2; shift ;;
    --out) out=$2; shift ;;
    --no-docs) docs=false ;;
    --ready-timeout) ready_timeout=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-all.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if $quick; then
  : "${duration:=3}"; scale_s=4; load_s=4; warm_s=1
else
  : "${duration:=10}"; scale_s=10; load_s=8; warm_s=2
fi
probe_rate=${PROBE_RATE:-200}
wait_ms=100
concurrencies=(1 10 100)
routes=(blocking worker async health)
pools=(1 2 4)
instances=(1 2 4)
scale_conc=8
PY=/usr/bin/python3   # Debian's python3 with python3-fastapi/uvicorn (a pyenv python3 on PATH lacks them)

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
has_suite() { [[ ",$suites," == *",$1,"* ]]; }

# ---------------------------------------------------------------- prerequisites
for tool in wrk curl java gnuplot awk; do
  command -v "$tool" >/dev/null || die "$tool is required (Debian: apt-get install wrk curl openjdk-17-jre-headless gnuplot)"
done

if $use_peer && ! "$PY" -c 'import fastapi, uvicorn, numpy' 2>/dev/null; then
  log "installing python3-fastapi python3-uvicorn (Debian packages) for the FastAPI reference"
  apt_get=(apt-get); (( EUID == 0 )) || apt_get=(sudo apt-get)
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -q python3-fastapi python3-uvicorn python3-uvloop \
    python3-httptools python3-numpy >&2 || die "cannot install python3-fastapi/python3-uvicorn; install them or pass --no-peer"
fi

source "$ROOT/scripts/lib/jars.sh"
if [[ -z "$jar" ]]; then
  jar=$SERVICE_JAR
  ensure_jar "$SERVICE_JAR" service >&2 || die "the build failed"
fi
ensure_jar "$TOOLS_JAR" tools >&2 || die "the build failed"
[[ -f "$jar" ]] || die "no jar at $jar"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${out:-"$ROOT/bench/results/$stamp"}
mkdir -p "$out/logs"
ln -sfn "$out" "$ROOT/bench/results/latest" 2>/dev/null || true
log "results in $out"

# ---------------------------------------------------------------- process handling
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do stop_pid "$p"; done
}
stop_pid() {
  local p=$1 i
  kill -0 "$p" 2>/dev/null || return 0
  kill "$p" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$p" 2>/dev/null || true
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_http URL PID LOG: polls until URL answers 200, the process dies, or the timeout passes
wait_http() {
  local url=$1 pid=$2 logfile=$3 deadline=$(( SECONDS + ready_timeout ))
  while (( SECONDS < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$logfile" >&2
      die "the server exited before $url answered (log: $logfile)"
    fi
    curl -fs -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.25
  done
  tail -20 "$logfile" >&2
  die "$url did not answer 200 within ${ready_timeout}s (log: $logfile)"
}

APP_PID=""
# start_app NAME [ENV=VALUE ...]: starts audio-insight on $port with the given overrides, waits for readiness
start_app() {
  local name=$1; shift
  port_busy "$port" && die "port $port is busy; stop what listens there or pass --port"
  local logfile="$out/logs/app-$name.log"
  # shellcheck disable=SC2086
  env HTTP_PORT="$port" "$@" java ${JAVA_OPTS:-} -jar "$jar" >"$logfile" 2>&1 &
  APP_PID=$!
  pids+=("$APP_PID")
  wait_http "http://127.0.0.1:$port/health/ready" "$APP_PID" "$logfile"
  log "audio-insight ready ($name, pid $APP_PID): $(grep -o 'ready on .*' "$logfile" | head -1)"
}
stop_app() { if [[ -n "$APP_PID" ]]; then stop_pid "$APP_PID"; fi; APP_PID=""; }

PEER_PID=""
start_peer() {
  port_busy "$peer_port" && die "port $peer_port is busy; stop what listens there or pass --peer-port"
  local logfile="$out/logs/fastapi.log" extra=()
  "$PY" -c 'import uvloop' 2>/dev/null && extra+=(--loop uvloop)
  "$PY" -c 'import httptools' 2>/dev/null && extra+=(--http httptools)
  "$PY" -m uvicorn --app-dir "$ROOT/bench/peers" fastapi_app:app --host 127.0.0.1 --port "$peer_port" \
    --log-level warning --no-access-log "${extra[@]}" >"$logfile" 2>&1 &
  PEER_PID=$!
  pids+=("$PEER_PID")
  wait_http "http://127.0.0.1:$peer_port/health/ready" "$PEER_PID" "$logfile"
  log "FastAPI reference ready (pid $PEER_PID, uvicorn ${extra[*]:-asyncio h11})"
}
stop_peer() { if [[ -n "$PEER_PID" ]]; then stop_pid "$PEER_PID"; fi; PEER_PID=""; }

# settle BASE: after a run, wait until the server answers /health/live quickly again (backlogs drained)
settle() {
  local base=$1 i t
  for i in $(seq 1 120); do
    t=$(curl -s -o /dev/null --max-time 5 -w '%{time_total}' "$base/health/live" || echo 9)
    awk -v t="$t" 'BEGIN { exit !(t < 0.05) }' && { sleep 0.5; return 0; }
    sleep 0.5
  done
  log "warning: $base/health/live still slow after 60 s"
}

# blocked_events BASE: the sum of app_blocked_thread_events_total over all threads
blocked_events() {
  local text
  text=$(curl -fs --max-time 10 "$1/metrics") || die "cannot read $1/metrics (did the server die? see $out/logs)"
  awk '/^app_blocked_thread_events_total/ { s += $NF } END { printf "%d\n", s }' <<<"$text"
}

# kv KEY LINE: the value of KEY=value in a WRK_RESULT line
kv() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'; }

# csv_field FILE ROW COLUMN_NAME: one field of an OpenLoopLoad CSV row (fields here hold no commas)
ol_field() { awk -F, -v row="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i } NR == row + 1 { print $c }' "$1"; }

PROBE=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m -cp "$TOOLS_JAR" io.audioinsight.bench.load.OpenLoopLoad)

# ---------------------------------------------------------------- environment record
{
  echo "date_utc: $(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "command: scripts/bench/run-all.sh $ARGS"
  echo "quick: $quick  duration_s: $duration  probe_rate: $probe_rate"
  echo "host: $(uname -srm), $(nproc) cpus, $(awk -F: '/model name/ { print $2; exit }' /proc/cpuinfo | sed 's/^ *//')"
  echo "load_average_at_start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  $use_peer && echo "python: $("$PY" -c 'import sys, fastapi, uvicorn; print(sys.version.split()[0], "fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__)')"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
} >"$out/env.txt"
cat "$out/env.txt" >&2

# ================================================================ 1. three ways to wait
WAITS="$out/waits.csv"
PROBES="$out/health-probe.csv"

# waits_run SERVER BASE ROUTE C
waits_run() {
  local server=$1 base=$2 route=$3 c=$4 url threads before after blocked probe_out wrk_out line row
  if [[ $route == health ]]; then url="$base/health/live"; else url="$base/ping/$route?ms=$wait_ms"; fi
  threads=$(( c < 2 ? c : 2 ))
  probe_out="$out/logs/probe-$server-$route-$c.txt"
  wrk_out="$out/logs/wrk-$server-$route-$c.txt"
  before=""; [[ $server == vertx ]] && before=$(blocked_events "$base")

  # The prober warms up, prints "# measuring", then measures for exactly as long as wrk runs.
  "${PROBE[@]}" --url "$base/health/live" --rate "$probe_rate" --duration "$duration" --warmup "$warm_s" \
    --connections 4 --timeout-ms 60000 --csv "$PROBES" --label "$server/$route/c$c" >"$probe_out" 2>&1 &
  local probe_pid=$!
  pids+=("$probe_pid")
  local deadline=$(( SECONDS + 60 ))
  until grep -q '^# measuring' "$probe_out" 2>/dev/null; do
    kill -0 "$probe_pid" 2>/dev/null || { cat "$probe_out" >&2; die "the prober exited early"; }
    (( SECONDS < deadline )) || die "the prober did not start within 60 s"
    sleep 0.05
  done
  wrk -c "$c" -t "$threads" -d "${duration}s" --timeout 60s -s "$BENCH_DIR/wrk-report.lua" "$url" >"$wrk_out" 2>&1 \
    || die "wrk failed: $(tail -3 "$wrk_out")"
  wait "$probe_pid" || log "warning: prober exit $? for $server $route c=$c (see $probe_out)"
  after=""; [[ $server == vertx ]] && after=$(blocked_events "$base")
  blocked=""; [[ -n "$before" && -n "$after" ]] && blocked=$(( after - before ))

  line=$(grep '^WRK_RESULT' "$wrk_out") || die "no WRK_RESULT in $wrk_out"
  row=$(( $(wc -l <"$PROBES") - 1 ))
  local sock_err=$(( $(kv connect_errors "$line") + $(kv read_errors "$line") + $(kv write_errors "$line") ))
  printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' \
    "$server" "$route" "$c" "$duration" "$(kv rps "$line")" "$(kv p50_ms "$line")" "$(kv p90_ms "$line")" \
    "$(kv p99_ms "$line")" "$(kv max_ms "$line")" "$(kv requests "$line")" "$(kv non2xx "$line")" "$sock_err" \
    "$(kv timeouts "$line")" "$(ol_field "$PROBES" "$row" p50_ms)" "$(ol_field "$PROBES" "$row" p99_ms)" \
    "$(ol_field "$PROBES" "$row" max_ms)" "$(ol_field "$PROBES" "$row" errors)" "$blocked" >>"$WAITS"
  log "$server $route c=$c: $(kv rps "$line") req/s, p99 $(kv p99_ms "$line") ms; /health p99 $(ol_field "$PROBES" "$row" p99_ms) ms; blocked events ${blocked:-n/a}"
  settle "$base"
}

if has_suite waits; then
  echo "server,route,concurrency,duration_s,rps,p50_ms,p90_ms,p99_ms,max_ms,requests,non2xx,socket_errors,timeouts,health_p50_ms,health_p99_ms,health_max_ms,health_errors,blocked_events" >"$WAITS"
  servers=(vertx); $use_peer && servers+=(fastapi)
  for server in "${servers[@]}"; do
    if [[ $server == vertx ]]; then
      start_app demo DEMO_ENABLED=true; base="http://127.0.0.1:$port"
    else
      start_peer; base="http://127.0.0.1:$peer_port"
    fi
    for route in "${routes[@]}"; do
      for c in "${concurrencies[@]}"; do
        waits_run "$server" "$base" "$route" "$c"
      done
      # At ms=100 any non-blocking server is capped at c / 0.1 s = 1000 req/s for c=100, so the timer route also
      # runs at c=1000, where the two servers' own overheads separate ("scales to thousands").
      [[ $route == async ]] && waits_run "$server" "$base" "$route" 1000
    done
    if [[ $server == vertx ]]; then stop_app; else stop_peer; fi
  done
fi

# ================================================================ 2. scaling
CLIP="$ROOT/target/bench/clip-10s.wav"   # written by make-clips.sh (espeak-ng speech over noise), shared with service.sh
SCALING="$out/scaling.csv"
if has_suite scaling || has_suite load; then
  "$BENCH_DIR/make-clips.sh" >/dev/null || die "cannot make the benchmark clips (needs espeak-ng and sox)"
  cp "$CLIP" "$out/clip-10s.wav"
fi

if has_suite scaling; then
  echo "pool_size,http_instances,concurrency,duration_s,rps,ok_rps,p50_ms,p99_ms,requests,non2xx,socket_errors,timeouts" >"$SCALING"
  for pool in "${pools[@]}"; do
    for inst in "${instances[@]}"; do
      # a queue deep enough that admission control never answers 503 here: this measures capacity
      start_app "pool$pool-inst$inst" INFERENCE_POOL_SIZE="$pool" HTTP_INSTANCES="$inst" INFERENCE_MAX_QUEUE=1000
      base="http://127.0.0.1:$port"
      wrk_out="$out/logs/wrk-scaling-pool$pool-inst$inst.txt"
      # a short unrecorded warm-up at the same concurrency, so the JIT has compiled the engine
      WRK_BODY_FILE="$CLIP" wrk -c "$scale_conc" -t 2 -d 3s --timeout 60s -s "$BENCH_DIR/wrk-report.lua" \
        "$base/v1/analyze" >/dev/null 2>&1 || true
      WRK_BODY_FILE="$CLIP" wrk -c "$scale_conc" -t 2 -d "${scale_s}s" --timeout 60s -s "$BENCH_DIR/wrk-report.lua" \
        "$base/v1/analyze" >"$wrk_out" 2>&1 || die "wrk failed: $(tail -3 "$wrk_out")"
      line=$(grep '^WRK_RESULT' "$wrk_out") || die "no WRK_RESULT in $wrk_out"
      req=$(kv requests "$line"); non2xx=$(kv non2xx "$line"); secs=$(kv duration_s "$line")
      ok_rps=$(awk -v r="$req" -v n="$non2xx" -v s="$secs" 'BEGIN { printf "%.2f", (r - n) / s }')
      sock_err=$(( $(kv connect_errors "$line") + $(kv read_errors "$line") + $(kv write_errors "$line") ))
      echo "$pool,$inst,$scale_conc,$scale_s,$(kv rps "$line"),$ok_rps,$(kv p50_ms "$line"),$(kv p99_ms "$line"),$req,$non2xx,$sock_err,$(kv timeouts "$line")" >>"$SCALING"
      log "scaling pool=$pool instances=$inst: $ok_rps ok req/s (non-2xx $non2xx), p99 $(kv p99_ms "$line") ms"
      stop_app
    done
  done
fi

# ================================================================ 3. latency against offered load
LOAD="$out/load.csv"
if has_suite load; then
  rm -f "$LOAD"
  # The defaults (pool = cores, one HTTP instance per event loop, queue 4 x pool): past saturation, admission
  # control answers 503 and the statuses column shows how many.
  start_app load
  base="http://127.0.0.1:$port"
  wrk_out="$out/logs/wrk-load-capacity.txt"
  # warm the JIT first: a cold capacity figure would put every rate below saturation
  WRK_BODY_FILE="$CLIP" wrk -c "$scale_conc" -t 2 -d 4s --timeout 60s -s "$BENCH_DIR/wrk-report.lua" \
    "$base/v1/analyze" >/dev/null 2>&1 || true
  WRK_BODY_FILE="$CLIP" wrk -c "$scale_conc" -t 2 -d "${scale_s}s" --timeout 60s -s "$BENCH_DIR/wrk-report.lua" \
    "$base/v1/analyze" >"$wrk_out" 2>&1 || die "wrk failed: $(tail -3 "$wrk_out")"
  line=$(grep '^WRK_RESULT' "$wrk_out") || die "no WRK_RESULT in $wrk_out"
  capacity=$(awk -v r="$(kv requests "$line")" -v n="$(kv non2xx "$line")" -v s="$(kv duration_s "$line")" \
    'BEGIN { printf "%.2f", (r - n) / s }')
  log "closed-loop capacity of /v1/analyze with the defaults: $capacity req/s"
  echo "$capacity" >"$out/load-capacity.txt"
  # Rising fixed rates as fractions of that capacity; past 1.0 the steps go on (up to 4x) until two rates in a row
  # (the last one above 1.0) are saturated: fewer than 95% of the offered requests answered 2xx, or p50 above 5x the lightest load's p50.
  base_p50=""; saturated=0
  for fraction in 0.25 0.5 0.7 0.85 1.0 1.15 1.3 1.6 2.0 3.0 4.0; do
    rate=$(awk -v c="$capacity" -v f="$fraction" 'BEGIN { r = c * f; if (r < 0.5) r = 0.5; printf "%.2f", r }')
    settle "$base"
    "${PROBE[@]}" --url "$base/v1/analyze" --body "$CLIP" --content-type audio/wav --rate "$rate" \
      --duration "$load_s" --warmup 1 --connections 64 --timeout-ms 120000 --csv "$LOAD" --label "x$fraction" \
      >"$out/logs/load-x$fraction.txt" 2>&1 || log "warning: load run at $rate req/s exited $?"
    row=$(( $(wc -l <"$LOAD") - 1 ))
    p50=$(ol_field "$LOAD" "$row" p50_ms); ok=$(ol_field "$LOAD" "$row" ok_rps)
    log "offered $rate req/s (x$fraction): 2xx $ok req/s, p50 $p50 ms, p99 $(ol_field "$LOAD" "$row" p99_ms) ms, statuses $(ol_field "$LOAD" "$row" status_counts)"
    : "${base_p50:=${p50:-1}}"
    if awk -v ok="${ok:-0}" -v r="$rate" -v p="${p50:-1e9}" -v b="$base_p50" 'BEGIN { exit !(ok < 0.95 * r || p > 5 * b) }'; then
      saturated=$(( saturated + 1 ))
    else
      saturated=0
    fi
    if (( saturated >= 2 )) && awk -v f="$fraction" 'BEGIN { exit !(f > 1.0) }'; then break; fi
  done
  (( saturated > 0 )) || log "warning: no offered rate up to 4x the measured capacity saturated the service"
  stop_app
fi

# ================================================================ tables and charts
"$BENCH_DIR/report.sh" "$out" | tee "$out/summary.md"
if $docs; then
  "$BENCH_DIR/plot.sh" "$out" "$ROOT/docs/img"
else
  "$BENCH_DIR/plot.sh" "$out" "$out"
fi
log "done: $out/summary.md"
