#!/usr/bin/env bash
# Writes the speaker-embedding windows of every file of a corpus once (same VAD and windows as the engine), for
# scripts/clustering-sweep.py to replay counting rules on them.
#   scripts/dump-window-embeddings.sh CORPUS OUT.tsv [--engine dsp|silero] [--threads N]
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 CORPUS OUT.tsv [--engine dsp|silero] [--threads N]" >&2; exit 2; }
source "$(dirname "$0")/lib/jars.sh"
ensure_jar "$TOOLS_JAR" tools
exec nice java -cp "$TOOLS_JAR" io.audioinsight.eval.DumpWindowEmbeddings "$@"
