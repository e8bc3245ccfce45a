#!/usr/bin/env bash
# Single-thread speed of the speaker stage (thread CPU time, median of 30 runs after 30 warm-up runs).
#   scripts/speaker-bench.sh [WAV]
# Without WAV it uses the first 60 s of three 3-speaker files of corpus/speakers-dev (scripts/speaker-devset.py).
set -euo pipefail
cd "$(dirname "$0")/.."
WAV=${1:-}
if [ -z "$WAV" ]; then
  WAV=corpus/bench-speakers-60s.wav
  if [ ! -f "$WAV" ]; then
    [ -f corpus/speakers-dev/spk3_00.wav ] || nice scripts/speaker-devset.py corpus/speakers-dev
    sox corpus/speakers-dev/spk3_0{0,1,2}.wav "$WAV" trim 0 60
  fi
fi
mvn -B -q -o compile >/dev/null 2>&1 || mvn -B -q compile >/dev/null
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime >/dev/null
CP=target/classes:$(cat target/runtime-classpath.txt)
exec java -XX:+UseSerialGC -cp "$CP" io.audioinsight.eval.SpeakerEval --bench "$WAV" 30
