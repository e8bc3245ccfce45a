#!/usr/bin/env bash
# Single-thread speed of the speaker stage (thread CPU time, median of 30 runs after 30 warm-up runs).
#   scripts/speaker-bench.sh [WAV]
# Without WAV it uses the first 60 s of the 4-voice files 4spk_01..03 of the eval corpus CORPUS (default
# corpus/full; make it with scripts/make-corpus.sh corpus/full). Builds the jar if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
WAV=${1:-}
if [ -z "$WAV" ]; then
  CORPUS=${CORPUS:-corpus/full}
  WAV=$CORPUS/bench-speakers-60s.wav
  if [ ! -f "$WAV" ]; then
    [ -f "$CORPUS/speakers/4spk_01.wav" ] || { echo "$0: $CORPUS/speakers not found; run scripts/make-corpus.sh $CORPUS" >&2; exit 2; }
    sox "$CORPUS"/speakers/4spk_0{1,2,3}.wav "$WAV" trim 0 60
  fi
fi
source scripts/lib/jars.sh
ensure_jar "$TOOLS_JAR" tools
exec java -XX:+UseSerialGC -cp "$TOOLS_JAR" io.audioinsight.bench.engine.SpeakerStageBench "$WAV" 30
