#!/usr/bin/env bash
# How far apart the speaker counter's representation puts the true voices of each corpus (made by
# scripts/make-corpus.sh): ΔBIC between every two voices of a file, and between the odd and even turns of
# one voice; errors at the stopping rule's threshold 0 and at the best threshold. See docs/BENCHMARKS.md,
# "Speaker counting".
#
#   scripts/speaker-separability.sh CORPUS [CORPUS ...]
#
# Builds target/audio-insight.jar first if it is missing or older than the sources.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CORPUS [CORPUS ...]" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/target/audio-insight.jar
for c in "$@"; do
  [ -f "$c/manifest.jsonl" ] || { echo "$0: $c/manifest.jsonl not found; run scripts/make-corpus.sh $c first" >&2; exit 2; }
done
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "building $JAR ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi
exec nice java -cp "$JAR" io.audioinsight.eval.SeparabilityEval "$@"
