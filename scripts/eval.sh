#!/usr/bin/env bash
# Evaluates an engine on a corpus made by scripts/make-corpus.sh and prints the accuracy report, ending with
# one "TARGET name PASS|FAIL|n/a ..." line per target (see docs/BENCHMARKS.md "Engine accuracy").
#
#   scripts/eval.sh CORPUS [--engine dsp|silero] [--csv FILE] [--hop N] [--threshold T] [--threads N] [--collar S]
#
# Builds target/audio-insight.jar first if it is missing or older than the sources.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CORPUS [--engine dsp|silero] [--csv FILE] [--hop N] [--threshold T] [--threads N] [--collar S]" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/target/audio-insight.jar
[ -f "$1/manifest.jsonl" ] || { echo "$0: $1/manifest.jsonl not found; run scripts/make-corpus.sh $1 first" >&2; exit 2; }
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "building $JAR ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi
exec nice java -cp "$JAR" io.audioinsight.eval.Evaluate "$@"
