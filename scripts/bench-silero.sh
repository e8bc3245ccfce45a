#!/usr/bin/env bash
# Silero VAD speed on one core: the whole SileroVad path on 10 s and 60 s, and ONNX Runtime's per-call
# overhead. Output is ready to paste into docs/BENCHMARKS.md ("Silero VAD").
#
#   scripts/bench-silero.sh [REPETITIONS]            pinned to core 0
#   scripts/bench-silero.sh REPETITIONS THREADS      not pinned; adds THREADS threads sharing one session
#
# Builds tools/target/audio-insight-tools.jar first if it is missing or older than the sources.
set -euo pipefail
source "$(dirname "$0")/lib/jars.sh"
ensure_jar "$TOOLS_JAR" tools
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
pin=()
[ "${2:-1}" = 1 ] && command -v taskset >/dev/null && pin=(taskset -c 0)
exec "${pin[@]}" java -cp "$TOOLS_JAR" io.audioinsight.bench.engine.SileroBenchmark "$@"
