#!/usr/bin/env bash
# CPU per analysis of one engine shared by THREADS threads in one JVM (as the inference pool shares it), against
# THREADS processes of one thread each at once, in ROUNDS interleaved rounds, plus one thread alone first
# (ThreadCpuPerAnalysis: median thread CPU and wall time per analysis of WAV, EACH analyses per thread, at nice 10 like
# the inference threads). CPU that grows with threads but not with processes is something the threads share.
# BASE_JAR: a second tools jar run the same way in each round (an A/B in one session).
# Usage: [THREADS=2] [EACH=5] [ROUNDS=3] [BASE_JAR=..] scripts/bench/engine-threads.sh [WAV]
# WAV defaults to the first 600 s of scripts/bench-jobs.sh's 2-hour file (target/bench/jobs/ten-minutes.wav).
set -euo pipefail
source "$(dirname "$0")/../lib/jars.sh"
ensure_jar "$TOOLS_JAR" tools
WAV=${1:-$ROOT/target/bench/jobs/ten-minutes.wav}
[[ -f $WAV ]] || { echo "no $WAV: run PARTS=audio scripts/bench-jobs.sh first, or pass a WAV" >&2; exit 1; }
THREADS=${THREADS:-2}
EACH=${EACH:-5}
ROUNDS=${ROUNDS:-3}
jars=("tree:$TOOLS_JAR")
[[ -n ${BASE_JAR:-} ]] && jars+=("base:$BASE_JAR")
run() { # jar threads -> "cpu wall"
  nice -n 10 java -Xmx640m -cp "$1" io.audioinsight.bench.engine.ThreadCpuPerAnalysis "$WAV" "$2" "$EACH" 2>/dev/null \
    | sed -nE 's/.*CPU per analysis median ([0-9.]+) s, wall median ([0-9.]+) s/\1 \2/p'
}
echo "$(date -u +%FT%TZ); $(nproc) cpus; load $(cut -d' ' -f1-3 /proc/loadavg); $WAV; $THREADS threads, $EACH analyses each"
echo "| jar | round | 1 thread: CPU / wall (s) | $THREADS threads, one JVM | $THREADS processes at once (each) |"
echo "|---|---:|---|---|---|"
for r in $(seq 1 "$ROUNDS"); do
  for j in "${jars[@]}"; do
    label=${j%%:*}; jar=${j#*:}
    one=$(run "$jar" 1)
    jvm=$(run "$jar" "$THREADS")
    procs=$(for _ in $(seq 1 "$THREADS"); do run "$jar" 1 & done; wait)
    echo "| $label | $r | ${one/ / \/ } | ${jvm/ / \/ } | $(echo "$procs" | awk '{printf "%s%s / %s", (NR > 1 ? "; " : ""), $1, $2}') |"
  done
done
