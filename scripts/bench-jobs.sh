#!/usr/bin/env bash
# Jobs benchmark (issue 20): long audio as a job, its throughput against the engine, synchronous latency while a
# long job runs, and kill -9 with 20 jobs in the queue. Parts (PARTS, comma list; default all):
#   wav      an N-hour 16 kHz mono WAV (espeak-ng speech over white noise, tiled; default 2 h) as a raw-body job
#            (operation=analyze) on the service jar with -Xmx$HEAP and a fresh jobs.dir: its analysis time
#            (started_at to finished_at), throughput (audio seconds per second) and the process's peak RSS (VmHWM);
#   wav1     the same job with jobs.parallelism=1 (the job path on one thread);
#   mp3      the same audio as a 64 kbit/s MP3 (ffmpeg, libmp3lame): decoded to a WAV in the spool, then analysed;
#   engine   the engine's single-thread speed on a job's chunk (the first 600 s of the same audio, EngineThroughput
#            for 60 s, at nice ENGINE_NICE like the inference threads): one process alone, then POOL at once; with wav, the job's throughput over
#            (POOL x the single-thread speed) is printed as the throughput ratio (target: at least 0.90);
#   latency  the 10 s clip (scripts/bench/make-clips.sh) posted to /v1/analyze open loop at RATE/s for DURATION s
#            (OpenLoopLoad: latency from each request's due time, so no coordinated omission), first with the pool
#            idle, then on the same process while the N-hour job runs (the load starts once the job is running;
#            the job's state and progress at the end are printed); p50/p99/max side by side (target: p99 within
#            20 % of the idle pool's);
#   crash    20 jobs of 10 minutes, kill -9 at once after the 20th 202, a restart on the same jobs.dir, and the
#            count of jobs that finish.
# The audio is made once into target/bench/jobs/ and kept, so it can be made at nice 19 (PARTS=audio) before the
# timed parts run under flock /work/bench.lock. Markdown lines for docs/BENCHMARKS.md go to stdout, details to
# stderr. Needs curl, jq, sox, espeak-ng, and ffmpeg for mp3.
# Usage: [PARTS=wav,mp3,engine,latency] [WARM=1] [REPEAT=3] [RATE=2] [DURATION=60] [HEAP=640m] [BENCH_SERVICE_JAR=..]
#        [BENCH_TOOLS_JAR=..] [JAVA_OPTS=..] scripts/bench-jobs.sh [HOURS] [POOL_SIZE]
set -euo pipefail
source "$(dirname "$0")/lib/jars.sh"
HOURS=${1:-2}
POOL=${2:-$(nproc)}
HEAP=${HEAP:-640m}
PARTS=${PARTS:-wav,wav1,mp3,engine,latency,crash}
RATE=${RATE:-2}
DURATION=${DURATION:-60}
# WARM=1: each long job's service first runs a 20-minute file (of the same format) as a job (two runs of two
# chunks: the carry, the join), so that its JIT has compiled the loops before the measured job, as
# EngineThroughput's 3 s warm-up does for the engine side (default 0: a fresh JVM). REPEAT=N: the long job N times on the same service, a row each; the
# throughput ratio uses their median (default 1).
WARM=${WARM:-0}
REPEAT=${REPEAT:-1}
# The engine runs at the niceness of the service's inference threads (inference.thread_nice, default 10), so that
# other processes on the machine take the same share from both sides of the throughput ratio.
ENGINE_NICE=${ENGINE_NICE:-10}
has() { [[ ,$PARTS, == *,$1,* ]]; }
# BENCH_SERVICE_JAR / BENCH_TOOLS_JAR: copies of the jars to run (so a build in the tree cannot change them mid-run)
if [[ -n ${BENCH_SERVICE_JAR:-} ]]; then SERVICE_JAR=$BENCH_SERVICE_JAR; elif [[ $PARTS != audio ]]; then ensure_jar "$SERVICE_JAR" service; fi
if [[ -n ${BENCH_TOOLS_JAR:-} ]]; then TOOLS_JAR=$BENCH_TOOLS_JAR; elif has engine || has latency; then ensure_jar "$TOOLS_JAR" tools; fi
audio=$ROOT/target/bench/jobs
mkdir -p "$audio"
work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- the audio (made once, kept in target/bench/jobs) ------------------------------------------------------------
long=$audio/long-${HOURS}h.wav
mp3=$audio/long-${HOURS}h.mp3
if [[ ! -f $long ]]; then
  espeak-ng -w "$work/voice.wav" "The meeting starts with a short review of last week. Then each team reports on \
its progress, and we close with the questions that are still open." 2>/dev/null
  sox "$work/voice.wav" -r 16000 -c 1 -b 16 "$work/speech.wav" pad 0 1
  len=$(soxi -D "$work/speech.wav")
  sox -n -r 16000 -c 1 -b 16 "$work/noise.wav" synth "$len" whitenoise vol 0.02
  sox -m "$work/speech.wav" "$work/noise.wav" "$work/clip.wav"
  repeats=$(python3 -c "import math; print(math.ceil($HOURS * 3600 / $len) - 1)")
  sox "$work/clip.wav" "$work/long.wav" repeat "$repeats"
  mv "$work/long.wav" "$long"
fi
[[ -f $audio/ten-minutes.wav ]] || sox "$long" "$audio/ten-minutes.wav" trim 0 600
[[ -f $audio/twenty-minutes.wav ]] || sox "$long" "$audio/twenty-minutes.wav" trim 0 1200
if (has mp3 || has audio) && [[ ! -f $mp3 ]]; then
  ffmpeg -v error -i "$long" -ac 1 -c:a libmp3lame -b:a 64k "$work/long.mp3"
  mv "$work/long.mp3" "$mp3"
fi
# the engine's MP3 reference and the MP3 jobs' warm-up: the same audio, encoded the same way
for m in ten twenty; do
  if (has mp3 || has audio) && [[ ! -f $audio/$m-minutes.mp3 ]]; then
    ffmpeg -v error -i "$audio/$m-minutes.wav" -ac 1 -c:a libmp3lame -b:a 64k "$work/$m.mp3"
    mv "$work/$m.mp3" "$audio/$m-minutes.mp3"
  fi
done
if has latency || has audio; then (cd "$ROOT" && scripts/bench/make-clips.sh >/dev/null); fi
seconds=$(soxi -D "$long")
echo "audio: $seconds s, WAV $(stat -c %s "$long") bytes$(if [[ -f $mp3 ]]; then echo ", MP3 $(stat -c %s "$mp3") bytes"; fi)" >&2
[[ $PARTS == audio ]] && exit 0
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cpus; pool $POOL; -Xmx$HEAP" >&2

# --- the service -------------------------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
start_service() { # jobs.dir, extra env assignments...
  local dir=$1
  shift
  env HTTP_PORT="$port" INFERENCE_POOL_SIZE="$POOL" JOBS_DIR="$dir" HTTP_ACCESS_LOG=false "$@" \
    java -Xmx"$HEAP" ${JAVA_OPTS:-} -jar "$SERVICE_JAR" >"$work/service.log" 2>&1 &
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
    sleep 1
  done
}
epoch() { python3 -c "from datetime import datetime; print(datetime.fromisoformat('$1'.replace('Z','+00:00')).timestamp())"; }

declare -A throughput
long_job() { # label, file, content type, extra env assignments...
  local label=$1 file=$2 type=$3
  shift 3
  start_service "$work/jobs-$(date +%s%N)" "$@"
  local t0 id job started finished accepted rss run speeds=()
  if [[ $WARM == 1 ]]; then
    local warm=$audio/twenty-minutes.wav
    [[ $type == audio/mpeg ]] && warm=$audio/twenty-minutes.mp3 # the MP3 decoder's loops compiled too
    wait_job "$(curl -s -X POST "http://localhost:$port/v1/jobs?operation=analyze" -H "Content-Type: $type" \
      --data-binary @"$warm" | jq -r .id)" >/dev/null
  fi
  for run in $(seq 1 "$REPEAT"); do
    t0=$(date +%s.%N)
    id=$(curl -s -X POST "http://localhost:$port/v1/jobs?operation=analyze" -H "Content-Type: $type" \
      --data-binary @"$file" | jq -r .id)
    accepted=$(date +%s.%N)
    job=$(wait_job "$id")
    started=$(epoch "$(jq -r .started_at <<<"$job")")
    finished=$(epoch "$(jq -r .finished_at <<<"$job")")
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    # the last pool task: the chunks' results joined (speakers clustered over the whole file)
    grep -o "chunks joined in [0-9.]* ms" "$work/service.log" | tail -1 | sed "s|^|  $label: |" >&2 || true
    python3 -c "print(f'| $label$([[ $REPEAT -gt 1 ]] && echo ", run $run") | $(jq -r .state <<<"$job") | {$accepted - $t0:.1f} | {$finished - $started:.1f} | {$seconds / ($finished - $started):.1f} | {$rss / 1024:.0f} |')"
    speeds+=("$(python3 -c "print($seconds / ($finished - $started))")")
  done
  stop_service
  echo "  $label: result $(jq -c '.result | {duration_s, format: .format.container, snr: {snr_db: .snr.snr_db, global_snr_db: .snr.global_snr_db, speech_ratio: .snr.speech_ratio, segments: (.snr.speech_segments | length)}, speakers: .speakers.speaker_count} // .problem' <<<"$job")" >&2
  throughput[$label]=$(printf '%s\n' "${speeds[@]}" | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
}

# --- the engine's single-thread speed: before the long jobs, and again after them (below) ----------------------------
# This VM's speed drifts by 15-20 % within minutes; the ratio takes the mean of the two, so that a slow or fast spell
# during one side does not decide it (docs/BENCHMARKS.md, jobs: a 2-hour MP3 decoded in parts).
engine_speed() { # [file] -> audio seconds per second of one thread analysing the 600 s file over and over
  nice -n "$ENGINE_NICE" java -cp "$TOOLS_JAR" io.audioinsight.bench.engine.EngineThroughput "${1:-$audio/ten-minutes.wav}" 60 2>/dev/null \
    | sed -nE 's/.*: ([0-9]+) analyses in ([0-9.]+) s = .*/\1 \2/p' | awk '{ printf "%.2f\n", 600 * $1 / $2 }'
}
mean2() { python3 -c "print(f'{($1 + $2) / 2:.2f}')"; }
if has engine; then
  (has wav || has wav1) && one_before=$(engine_speed)
  has mp3 && mp3_before=$(engine_speed "$audio/ten-minutes.mp3")
fi

if has wav || has wav1 || has mp3; then
  echo "| run | state | upload + 202 (s) | analysis, started_at to finished_at (s) | throughput (audio s / s) | peak RSS (MiB) |"
  echo "|---|---|---:|---:|---:|---:|"
fi
pool_label="WAV, pool of $POOL (jobs.parallelism=0)"
has wav && long_job "$pool_label" "$long" audio/wav
has wav1 && long_job "WAV, one thread (jobs.parallelism=1)" "$long" audio/wav JOBS_PARALLELISM=1
mp3_label="MP3 64 kbit/s, pool of $POOL"
has mp3 && long_job "$mp3_label" "$mp3" audio/mpeg

# --- the engine's single-thread speed on a job's chunk -------------------------------------------------------------
if has engine; then
  one=$(engine_speed)
  if [[ -n ${one_before:-} ]]; then
    echo
    echo "engine, one thread on the 600 s chunk: $one_before audio s/s before the jobs, $one after"
    one=$(mean2 "$one_before" "$one")
  fi
  all=$(for _ in $(seq 1 "$POOL"); do engine_speed & done; wait)
  all=$(echo "$all" | awk '{ s += $1 } END { printf "%.2f", s }')
  echo
  echo "engine, one thread on the 600 s chunk: $one audio s/s alone$([[ -n ${one_before:-} ]] && echo " (mean of before and after)"); $POOL processes at once: $all audio s/s in all"
  if [[ -n ${throughput[$pool_label]:-} ]]; then
    python3 -c "t = ${throughput[$pool_label]}; print(f'throughput ratio: the job\'s {t:.1f} audio s/s$([[ $REPEAT -gt 1 ]] && echo " (median of $REPEAT)") over ($POOL x $one) = {t / ($POOL * $one):.2f}; over $POOL processes at once ($all): {t / $all:.2f}')"
  fi
  if [[ -n ${throughput[$mp3_label]:-} ]]; then
    # the MP3 job against the engine on the same audio as MP3, decode included (the 600 s file, one thread)
    one_mp3=$(engine_speed "$audio/ten-minutes.mp3")
    echo "engine, one thread on the 600 s MP3 (decode included): $mp3_before audio s/s before the jobs, $one_mp3 after"
    one_mp3=$(mean2 "$mp3_before" "$one_mp3")
    python3 -c "t = ${throughput[$mp3_label]}; print(f'MP3 throughput ratio: the job\'s {t:.1f} audio s/s$([[ $REPEAT -gt 1 ]] && echo " (median of $REPEAT)") over ($POOL x $one_mp3) = {t / ($POOL * $one_mp3):.2f}')"
  fi
fi

# --- synchronous latency with the pool idle, then while a long job runs --------------------------------------------
probe() { # label -> "p50 p99 max statuses"
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m -cp "$TOOLS_JAR" io.audioinsight.bench.load.OpenLoopLoad \
    --url "http://localhost:$port/v1/analyze" --body "$ROOT/target/bench/clip-10s.wav" --content-type audio/wav \
    --rate "$RATE" --duration "$DURATION" --warmup 5 --connections 16 --timeout-ms 60000 --csv "$work/latency.csv" \
    --label "$1" >"$work/probe-$1.txt" 2>&1
  python3 -c "
import csv
row = [r for r in csv.DictReader(open('$work/latency.csv')) if r['label'] == '$1'][-1]
print(row['p50_ms'], row['p99_ms'], row['max_ms'], row['status_counts'].replace(' ', ''))"
}
if has latency; then
  start_service "$work/jobs-latency"
  idle=$(probe idle)
  id=$(curl -s -X POST "http://localhost:$port/v1/jobs?operation=analyze" -H 'Content-Type: audio/wav' \
    --data-binary @"$long" | jq -r .id)
  until [[ $(curl -s "http://localhost:$port/v1/jobs/$id" | jq -r .state) == running ]]; do sleep 0.2; done
  busy=$(probe job)
  job=$(curl -s "http://localhost:$port/v1/jobs/$id")
  preempted=$(curl -s "http://localhost:$port/metrics" | awk '/^audio_jobs_preempted_total/ { s += $NF } END { print s + 0 }')
  stop_service
  echo
  echo "| pool | p50 (ms) | p99 (ms) | max (ms) | statuses |"
  echo "|---|---:|---:|---:|---|"
  read -r a b c d <<<"$idle"
  echo "| idle | $a | $b | $c | $d |"
  read -r e f g h <<<"$busy"
  echo "| a $HOURS-hour job running (at the end: $(jq -r .state <<<"$job"), progress $(jq -r .progress <<<"$job")) | $e | $f | $g | $h |"
  python3 -c "print(f'p99 with the job over idle: {$f / $b:.2f}; job chunks preempted: $preempted; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)')"
fi

has crash || exit 0
# --- kill -9 with 20 jobs ----------------------------------------------------------------------------------------
crash_dir="$work/jobs-crash"
start_service "$crash_dir"
ids=()
for _ in $(seq 1 20); do
  ids+=("$(curl -s -X POST "http://localhost:$port/v1/jobs?operation=analyze" -H 'Content-Type: audio/wav' \
    --data-binary @"$audio/ten-minutes.wav" | jq -r .id)")
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
