#!/usr/bin/env bash
# Jobs benchmark (issue 20): a long WAV as a job, and kill -9 with 20 jobs in the queue.
#   1. makes an N-hour 16 kHz mono WAV (espeak-ng speech over white noise, tiled; default 2 h);
#   2. starts the service jar with -Xmx$HEAP (default 640m) and a fresh jobs.dir, submits the WAV as a raw-body
#      job (operation=analyze), polls it to the end, and reports the job's analysis time (started_at to
#      finished_at), its throughput (audio seconds per second), and the process's peak RSS (VmHWM);
#   3. runs the same job again with jobs.parallelism=1: the job path on one thread, beside the pool figure;
#   4. crash safety: submits 20 jobs of 10 minutes, kill -9 while they run, restarts on the same jobs.dir and
#      counts the jobs that finish.
# Prints Markdown lines to paste into docs/BENCHMARKS.md. Needs curl, jq, sox, espeak-ng.
# Usage: scripts/bench-jobs.sh [HOURS] [POOL_SIZE]
set -euo pipefail
source "$(dirname "$0")/lib/jars.sh"
ensure_jar "$SERVICE_JAR" service
HOURS=${1:-2}
POOL=${2:-$(nproc)}
HEAP=${HEAP:-640m}
work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- the audio ---------------------------------------------------------------------------------------------------
espeak-ng -w "$work/voice.wav" "The meeting starts with a short review of last week. Then each team reports on \
its progress, and we close with the questions that are still open." 2>/dev/null
sox "$work/voice.wav" -r 16000 -c 1 -b 16 "$work/speech.wav" pad 0 1
len=$(soxi -D "$work/speech.wav")
sox -n -r 16000 -c 1 -b 16 "$work/noise.wav" synth "$len" whitenoise vol 0.02
sox -m "$work/speech.wav" "$work/noise.wav" "$work/clip.wav"
repeats=$(python3 -c "import math; print(math.ceil($HOURS * 3600 / $len) - 1)")
sox "$work/clip.wav" "$work/long.wav" repeat "$repeats"
sox "$work/long.wav" "$work/ten-minutes.wav" trim 0 600
seconds=$(soxi -D "$work/long.wav")
echo "audio: $seconds s, $(stat -c %s "$work/long.wav") bytes" >&2

# --- the service -------------------------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
start_service() { # jobs.dir, extra env assignments...
  local dir=$1
  shift
  env HTTP_PORT="$port" INFERENCE_POOL_SIZE="$POOL" JOBS_DIR="$dir" HTTP_ACCESS_LOG=false "$@" \
    java -Xmx"$HEAP" -jar "$SERVICE_JAR" >"$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if grep -q "ready on :" "$work/service.log"; then return 0; fi
    sleep 0.2
  done
  echo "the service did not become ready" >&2
  cat "$work/service.log" >&2
  exit 1
}
stop_service() {
  kill "$pid"
  wait "$pid" || true
  pid=
}
wait_job() { # id -> the finished job's JSON
  local job
  while true; do
    job=$(curl -s "http://localhost:$port/v1/jobs/$1")
    case $(jq -r .state <<<"$job") in
      succeeded | failed | cancelled) echo "$job"; return 0 ;;
    esac
    sleep 0.5
  done
}
epoch() { python3 -c "from datetime import datetime; print(datetime.fromisoformat('$1'.replace('Z','+00:00')).timestamp())"; }

long_job() { # label, extra env assignments...
  local label=$1
  shift
  start_service "$work/jobs-$label" "$@"
  local t0 id job started finished
  t0=$(date +%s.%N)
  id=$(curl -s -X POST "http://localhost:$port/v1/jobs?operation=analyze" -H 'Content-Type: audio/wav' \
    --data-binary @"$work/long.wav" | jq -r .id)
  local accepted
  accepted=$(date +%s.%N)
  job=$(wait_job "$id")
  started=$(epoch "$(jq -r .started_at <<<"$job")")
  finished=$(epoch "$(jq -r .finished_at <<<"$job")")
  local rss
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  # the last pool task: the chunks' results joined (speakers clustered over the whole file)
  grep -o "chunks joined in [0-9.]* ms" "$work/service.log" | tail -1 | sed 's/^/  /' >&2 || true
  stop_service
  python3 - "$label" "$seconds" "$t0" "$accepted" "$started" "$finished" "$rss" "$(jq -c '.result | {duration_s, snr: {snr_db: .snr.snr_db, global_snr_db: .snr.global_snr_db, speech_ratio: .snr.speech_ratio, segments: (.snr.speech_segments | length)}, speakers: .speakers.speaker_count, timing}' <<<"$job")" "$(jq -r .state <<<"$job")" <<'EOF'
import sys
label, audio, t0, accepted, started, finished, rss, result, state = sys.argv[1:]
audio, t0, accepted, started, finished, rss = map(float, (audio, t0, accepted, started, finished, rss))
run = finished - started
print(f"| {label} | {state} | {accepted - t0:.1f} | {run:.1f} | {audio / run:.0f} | {rss / 1024:.0f} |")
print(f"  result: {result}", file=sys.stderr)
EOF
}

echo "| run | state | upload + 202 (s) | analysis, started_at to finished_at (s) | throughput (audio s / s) | peak RSS (MiB) |"
echo "|---|---|---:|---:|---:|---:|"
long_job "pool $POOL (jobs.parallelism=0)"
long_job "one thread (jobs.parallelism=1)" JOBS_PARALLELISM=1

# --- kill -9 with 20 jobs ----------------------------------------------------------------------------------------
crash_dir="$work/jobs-crash"
start_service "$crash_dir"
ids=()
for _ in $(seq 1 20); do
  ids+=("$(curl -s -X POST "http://localhost:$port/v1/jobs?operation=analyze" -H 'Content-Type: audio/wav' \
    --data-binary @"$work/ten-minutes.wav" | jq -r .id)")
done
kill -9 "$pid" # at once after the 20th 202
wait "$pid" 2>/dev/null || true
pid=
# What the store held at the kill, read from its files.
before=$(cat "$crash_dir"/jobs/*.json | jq -r .state | sort | uniq -c | tr -s ' \n' ' ')
start_service "$crash_dir"
done_count=0
for id in "${ids[@]}"; do
  if [[ $(wait_job "$id" | jq -r .state) == succeeded ]]; then done_count=$((done_count + 1)); fi
done
stop_service
echo
echo "kill -9 with 20 jobs of 600 s: states at the kill: $before; after the restart: $done_count of 20 succeeded"
