#!/usr/bin/env bash
# How far apart the speaker counter's representation puts the true voices of each corpus (made by
# scripts/make-corpus.sh): ΔBIC between every two voices of a file, and between the odd and even turns of
# one voice; errors at the stopping rule's threshold 0 and at the best threshold. See
# docs/experiments/speaker-counting.md.
#
#   scripts/speaker-separability.sh CORPUS [CORPUS ...]
#
# Builds tools/target/audio-insight-tools.jar first if it is missing or older than the sources.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CORPUS [CORPUS ...]" >&2; exit 2; }
source "$(dirname "$0")/lib/jars.sh"
for c in "$@"; do
  [ -f "$c/manifest.jsonl" ] || { echo "$0: $c/manifest.jsonl not found; run scripts/make-corpus.sh $c first" >&2; exit 2; }
done
ensure_jar "$TOOLS_JAR" tools
exec nice java -cp "$TOOLS_JAR" io.audioinsight.eval.SeparabilityEval "$@"
