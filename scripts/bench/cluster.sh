#!/usr/bin/env bash
# Cluster benchmark (issue 21). ONE command: scripts/bench/cluster.sh
# Three JVMs on loopback (cluster.enabled, TCP-IP join), each with POOL pool threads and a queue of QUEUE jobs:
#   1. capacity: one node alone (cluster off), sequential 10 s analyses -> analyses/s;
#   2. routing: FACTOR x that capacity offered open-loop for DURATION s, all of it to ONE node: first to a single
#      node with cluster mode off, then to node A of the three-node cluster; share of 200s for each;
#   3. forwarding cost: rounds of (A's thread busy with a 60 s clip; a 10 s clip to A, which forwards it to B; the
#      same clip straight to B): p50 of client latency minus the server's queue and inference time, both ways, and
#      the raw transfer of the clip's bytes over a loopback TCP connection (target: added - transfer <= 5 ms);
#   4. node loss: the load of (2) to A again, node C killed with SIGKILL after a third of it: every answer's status,
#      socket errors and hangs (no answer by timeout_ms + 10 s); just before the kill, JOBS jobs (60 s clips) are
#      accepted by C, and then read on A until each is final (the jobs the others took over from C);
#   and, on every node, app_blocked_thread_events_total (blocked-thread checker) once ready (start-up) and after
#   the load, with the count of blocked-thread warnings in each node's log.
# Env: POOL (1), QUEUE (2), DURATION (30), FACTOR (2), DEADLINE_MS (10000), ROUNDS (40), JOBS (6), JAR,
# WARNING_EXCEPTION_TIME_MS (150: a blocked event loop logs its stack, so each event in the logs says what blocked). Logs: target/bench/cluster/.
set -euo pipefail
cd "$(dirname "$0")/../.."
POOL=${POOL:-1}; QUEUE=${QUEUE:-2}; DURATION=${DURATION:-30}; FACTOR=${FACTOR:-2}; DEADLINE_MS=${DEADLINE_MS:-10000}
ROUNDS=${ROUNDS:-40}; JOBS=${JOBS:-6}
source scripts/lib/jars.sh
JAR=${JAR:-$SERVICE_JAR}
[[ $JAR != "$SERVICE_JAR" ]] || ensure_jar "$SERVICE_JAR" service
scripts/bench/make-clips.sh >/dev/null
CLIP=target/bench/clip-10s.wav; LONG=target/bench/clip-60s.wav
OUT=target/bench/cluster; rm -rf "$OUT"; mkdir -p "$OUT"
LOAD=scripts/bench/cluster_load.py
MEMBERS=127.0.0.1:5721,127.0.0.1:5722,127.0.0.1:5723
declare -A PIDS=()

start_node() { # name http_port cluster_port bus_port cluster_enabled
  # the clustered nodes share one jobs.dir (README "Running a cluster"), the single node has its own
  local jobs="$OUT/jobs"; [[ $5 == true ]] || jobs="$OUT/jobs-$1"
  HTTP_PORT=$2 INFERENCE_POOL_SIZE=$POOL INFERENCE_MAX_QUEUE=$QUEUE SHUTDOWN_GRACE_MS=0 JOBS_DIR="$jobs" \
    HTTP_ACCESS_LOG=false VERTX_WARNING_EXCEPTION_TIME_MS=${WARNING_EXCEPTION_TIME_MS:-150} CLUSTER_ENABLED=$5 CLUSTER_HOST=127.0.0.1 CLUSTER_PORT=$3 CLUSTER_BUS_PORT=$4 \
    CLUSTER_MEMBERS=$MEMBERS java -Xmx768m -jar "$JAR" >"$OUT/$1.log" 2>&1 &
  PIDS[$1]=$!
}
wait_ready() { for port; do
  for _ in $(seq 1 360); do curl -fs "localhost:$port/health/ready" >/dev/null 2>&1 && continue 2; sleep 0.5; done
  echo "node on :$port not ready; see $OUT/*.log" >&2; exit 1
done; }
stop_all() { for n in "${!PIDS[@]}"; do kill -TERM "${PIDS[$n]}" 2>/dev/null || true; done
  for n in "${!PIDS[@]}"; do wait "${PIDS[$n]}" 2>/dev/null || true; done; PIDS=(); }
trap stop_all EXIT
metric() { # sum of metric $2 on port $1 whose labels contain $3
  curl -fs "localhost:$1/metrics" | awk -v m="$2" -v l="${3:-}" \
    'index($0, m) == 1 && (substr($0, length(m) + 1, 1) == "{" || substr($0, length(m) + 1, 1) == " ") && index($0, l) { s += $NF } END { printf "%.0f", s + 0 }'
}

# 1. capacity of one node, cluster off
start_node single 8191 5721 5821 false; wait_ready 8191
for _ in 1 2 3; do curl -fs -o /dev/null -H 'Content-Type: audio/wav' --data-binary @$CLIP localhost:8191/v1/analyze; done
lat=$(for _ in $(seq 1 8); do curl -fs -o /dev/null -w '%{time_total}\n' -H 'Content-Type: audio/wav' \
  --data-binary @$CLIP localhost:8191/v1/analyze; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
rate=$(awk -v l="$lat" -v p="$POOL" -v f="$FACTOR" 'BEGIN { printf "%.2f", f * p / l }')
echo "one node: median 10 s analysis ${lat} s; offering $rate/s" >&2

# 2a. routing baseline: the load to the single node
single=$(python3 $LOAD open "http://localhost:8191/v1/analyze?timeout_ms=$DEADLINE_MS" "$rate" "$DURATION" $CLIP "$DEADLINE_MS")
stop_all

# 2b. the same load to node A of three
start_node a 8191 5721 5821 true; wait_ready 8191
start_node b 8192 5722 5822 true; start_node c 8193 5723 5823 true; wait_ready 8192 8193
for _ in $(seq 1 120); do [[ $(metric 8191 audio_cluster_nodes) == 3 ]] && break; sleep 0.5; done
blocked_start=$(for p in 8191 8192 8193; do metric $p app_blocked_thread_events_total; echo -n " "; done)
for p in 8191 8192 8193; do for _ in 1 2; do curl -fs -o /dev/null -H 'Content-Type: audio/wav' --data-binary @$CLIP localhost:$p/v1/analyze; done; done
clustered=$(python3 $LOAD open "http://localhost:8191/v1/analyze?timeout_ms=$DEADLINE_MS" "$rate" "$DURATION" $CLIP "$DEADLINE_MS")
fwd=$(metric 8191 audio_cluster_forwarded_total); rb=$(metric 8192 audio_cluster_received_total); rc=$(metric 8193 audio_cluster_received_total)

# 3. forwarding cost
cost=$(python3 $LOAD pairs "http://localhost:8191/v1/analyze" "http://localhost:8192/v1/analyze" \
  "http://localhost:8191/metrics" $CLIP $LONG "$ROUNDS")
blocked=$(for p in 8191 8192 8193; do metric $p app_blocked_thread_events_total; echo -n " "; done)

# 4. node loss: kill -9 C a third of the way into the load
python3 $LOAD open "http://localhost:8191/v1/analyze?timeout_ms=$DEADLINE_MS" "$rate" "$DURATION" $CLIP "$DEADLINE_MS" \
  >"$OUT/loss.json" &
LOADER=$!
sleep $((DURATION / 3))
job_ids=$(python3 $LOAD submit "http://localhost:8193/v1/jobs" "$JOBS" $LONG)
kill -9 "${PIDS[c]}"; unset 'PIDS[c]'
wait $LOADER
loss=$(cat "$OUT/loss.json")
# shellcheck disable=SC2086
jobs_after=$(python3 $LOAD await "http://localhost:8191/v1/jobs" 180 $job_ids)
took_over=$(cat "$OUT/a.log" "$OUT/b.log" | grep -o 'took over [0-9]* jobs' | awk '{s += $3} END {print s + 0}')
lost=$(metric 8191 audio_cluster_forward_failures_total 'reason="node_left"')
unreach=$(metric 8191 audio_cluster_forward_failures_total 'reason="unreachable"')
blocked_after=$(for p in 8191 8192; do metric $p app_blocked_thread_events_total; echo -n " "; done)
warned=$(for n in a b c; do grep -c 'has been blocked for' "$OUT/$n.log" || true; done | tr '\n' ' ')

cat <<MD
#### Cluster: three nodes on loopback ($(date -u +%F), $(nproc) cores shared with other work, pool $POOL thread(s) and queue $QUEUE per node)
Command: \`scripts/bench/cluster.sh\` (POOL=$POOL QUEUE=$QUEUE DURATION=$DURATION FACTOR=$FACTOR DEADLINE_MS=$DEADLINE_MS)

One node's median 10 s analysis: ${lat} s; offered load: $rate analyses/s (${FACTOR}x one node) for ${DURATION} s, all to one node.

| run | result |
|---|---|
| single node (cluster off) | $single |
| node A of three | $clustered |
| forwarded from A / received on B, C | $fwd / $rb, $rc |
| forwarding cost (10 s clip, p50 of latency minus server queue and inference; raw loopback transfer of its bytes) | $cost |
| node loss (C killed with SIGKILL at $((DURATION / 3)) s) | $loss |
| A's forward failures after the kill: node_left / unreachable | $lost / $unreach |
| jobs accepted by C just before its kill, read on A until final (60 s clips) / jobs of C claimed by A and B (its finished ones included) | $jobs_after / $took_over |
| blocked-thread events A B C once ready (start-up) / after routing and cost / A B after the kill | $blocked_start / $blocked / $blocked_after |
| blocked-thread warnings ("has been blocked for") in the logs of A B C | $warned |
MD
