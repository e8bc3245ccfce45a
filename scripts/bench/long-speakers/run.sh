#!/usr/bin/env bash
# Long-job speaker answers against the chunk size (docs/BENCHMARKS.md, jobs): for each recording and each
# jobs.chunk_seconds, a fresh service (JAR, -Xmx640m) runs a `speakers` job; score.py compares with the truth.
# Usage: JAR=service/target/audio-insight.jar scripts/bench/long-speakers/run.sh WORKDIR [SPK_DATA_DIR]
# Makes WORKDIR/long3.wav (3 voices) and long4.wav (4 voices), 40 minutes each, if missing. Needs java, curl, jq,
# python3 with numpy, and the speaker-embedding data (scripts/train/speaker-embedding, its data step).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$1; data=${2:-corpus/speaker-embedding/data}; jar=${JAR:-service/target/audio-insight.jar}
mkdir -p "$work"
[[ -f $work/long3.wav ]] || python3 "$here/make_recording.py" 2400 tux_es,ast_fr_June,tux_ru "$work/long3.wav" "$data"
[[ -f $work/long4.wav ]] || python3 "$here/make_recording.py" 2400 tux_fr,ast_it_Carlo,tux_ru,ast_fr_June "$work/long4.wav" "$data"
port=${PORT:-18600}
job() { # $1 chunk seconds, $2 wav, $3 answer file
  local dir; dir=$(mktemp -d)
  JOBS_CHUNK_SECONDS=$1 HTTP_PORT=$port JOBS_DIR=$dir HTTP_ACCESS_LOG=false java -Xmx640m -jar "$jar" >"$dir/service.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 240); do curl -sf "localhost:$port/health/ready" >/dev/null && break; sleep 0.5; done
  local id st s
  id=$(curl -s -X POST -H 'Content-Type: audio/wav' --data-binary @"$2" "localhost:$port/v1/jobs?operation=speakers" | jq -r .id)
  while true; do
    st=$(curl -s "localhost:$port/v1/jobs/$id"); s=$(jq -r .state <<<"$st")
    [[ $s == succeeded || $s == failed || $s == cancelled ]] && break; sleep 1
  done
  echo "$st" >"$3"
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$dir"
}
for name in long3 long4; do
  for c in ${CHUNKS:-600 300}; do job "$c" "$work/$name.wav" "$work/$name-$c.json"; done
  set -- ${CHUNKS:-600 300}
  (cd "$work" && python3 "$here/score.py" "$name" "$@")
done
