#!/usr/bin/env bash
# Quick accuracy check of the DSP VAD/SNR on espeak-ng scenes (see EspeakSceneCheck). Needs espeak-ng and sox.
# Usage: scripts/dsp-scene-check.sh [noise,noise,...]   (default: white,pink,brown,babble,hum,switching)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v espeak-ng >/dev/null && command -v sox >/dev/null || { echo "needs espeak-ng and sox" >&2; exit 2; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
sentences=(
  "The quick brown fox jumps over the lazy dog while the farmer watches from the porch."
  "Please remember to bring your umbrella because the forecast says it will rain this afternoon."
  "Our meeting has been moved to Thursday at three o'clock in the main conference room."
  "She sells sea shells by the sea shore, and the shells she sells are surely sea shells."
  "A journey of a thousand miles begins with a single step, or so the old proverb says."
  "The train to Edinburgh departs from platform nine and arrives shortly after midnight."
  "Scientists have discovered a new species of frog in the rainforests of South America."
  "Could you please pass the salt and pepper, and maybe a little more bread as well?"
  "In the beginning the universe was created, which has made a lot of people very angry."
  "My favourite season is autumn, when the leaves turn golden and the air smells of smoke.")
n=0
for v in en en-us+f2 en+m3 en-gb+f4 en+m7 en-us+f5 en+klatt en-sc+m1; do
  for _ in 1 2 3; do
    n=$((n + 1))
    espeak-ng -v "$v" -s $((140 + n * 3 % 40)) -w "$dir/raw.wav" "${sentences[$(( (n * 3) % 10 ))]}" 2>/dev/null
    sox "$dir/raw.wav" -r 16000 -b 16 -c 1 "$dir/u$n.wav"
  done
done
mvn -B -q -pl engine test-compile
mvn -B -q -pl engine dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt" >/dev/null
java -cp "engine/target/test-classes:engine/target/classes:$(cat "$dir/cp.txt")" io.audioinsight.audio.tuning.EspeakSceneCheck "$dir" "$@"
