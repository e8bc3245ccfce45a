#!/usr/bin/env bash
# Silero on live streams, batched across streams (issue 23): audio seconds per wall second on ONE core, by batch
# size (1 = unbatched), with a check that batched events equal unbatched ones. Output is ready for
# docs/BENCHMARKS.md ("Live streams").
#
#   scripts/bench-silero-batch.sh [REPETITIONS [SECONDS]]     pinned to core 0 (taskset), under nice
set -euo pipefail
source "$(dirname "$0")/lib/jars.sh"
ensure_jar "$TOOLS_JAR" tools
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
exec "${pin[@]}" java -cp "$TOOLS_JAR" io.audioinsight.bench.engine.SileroBatchBench "$@"
