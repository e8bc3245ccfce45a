#!/usr/bin/env bash
# Runs every curl example of the README against a running service (start it with DEMO_ENABLED=true for
# the /ping routes) and prints command + output, so the README
# can be refreshed with real outputs. Usage: scripts/run.sh & scripts/readme-examples.sh [BASE_URL]
# Needs curl, espeak-ng and sox (to make the example clip), jq (pretty-printing; optional).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-http://localhost:8080}
mkdir -p target/examples
clip=target/examples/speech.wav
if [[ ! -f $clip ]]; then
  espeak-ng -v en -s 150 -w target/examples/raw.wav "Hello. This is a short test of the audio insight service. Thank you for listening."
  sox target/examples/raw.wav -r 16000 -c 1 -b 16 target/examples/speech16.wav pad 0.5 0.5
  len=$(soxi -D target/examples/speech16.wav)
  sox -n -r 16000 -c 1 -b 16 target/examples/noise.wav synth "$len" whitenoise vol 0.02
  sox -m target/examples/speech16.wav target/examples/noise.wav -b 16 "$clip"
fi
pretty() {
  local out; out=$(cat)
  if command -v jq >/dev/null && jq -e . >/dev/null 2>&1 <<<"$out"; then jq -c . <<<"$out"; else printf '%s\n' "$out"; fi
}
run() {
  echo "\$ $*"
  eval "$@" | pretty
  echo
}
run "curl -s -X POST '$BASE/v1/analyze' -H 'Content-Type: audio/wav' --data-binary @$clip"
run "curl -s -X POST '$BASE/v1/snr-detect?vad_hop_size=256&vad_threshold=0.6' -H 'Content-Type: audio/wav' --data-binary @$clip"
run "curl -s -X POST '$BASE/v1/speaker-count' -H 'Content-Type: audio/wav' --data-binary @$clip"
run "curl -s -X POST '$BASE/v1/snr-detect' -F file=@$clip -F vad_hop_size=1024"
run "printf '{\"audio_base64\":\"%s\",\"vad_threshold\":0.4}' \"\$(base64 -w0 $clip)\" | curl -s -X POST '$BASE/v1/snr-detect' -H 'Content-Type: application/json' --data-binary @-"
run "curl -s -X POST '$BASE/v1/analyze' -H 'Content-Type: audio/wav' --data-binary 'hello'"
run "curl -s -X POST '$BASE/v1/analyze?vad_hop_size=10' -H 'Content-Type: audio/wav' --data-binary @$clip"
run "curl -s -X POST '$BASE/v1/analyze' -H 'Content-Type: text/plain' --data-binary @$clip"
run "curl -s -i '$BASE/v1/analyze' | tr -d '\\r' | sed -n '1p;\$p'"
run "curl -s '$BASE/health/live'"
run "curl -s '$BASE/health/ready'"
run "curl -s '$BASE/ping/async?ms=50'"
run "curl -s '$BASE/ping/worker?ms=50'"
run "curl -s '$BASE/ping/blocking?ms=300'"
run "curl -s '$BASE/metrics' | grep -E '^(audio_|app_|vertx_pool_in_use|vertx_pool_queue_pending)' | grep -v _bucket | head -20"
