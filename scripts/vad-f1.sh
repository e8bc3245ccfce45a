#!/usr/bin/env bash
# VAD frame F1 per engine on a corpus made by scripts/make-corpus.sh (single-speaker set), pooled over
# -5..5 dB and 10..30 dB, with per-SNR and per-noise figures. See scripts/VadF1.java.
#
#   scripts/vad-f1.sh CORPUS [silero] [dsp]
#
# Builds target/audio-insight.jar first if it is missing or older than the sources.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CORPUS [silero] [dsp]" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/target/audio-insight.jar
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "building $JAR ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi
exec nice java -cp "$JAR" "$ROOT/scripts/VadF1.java" "$@"
