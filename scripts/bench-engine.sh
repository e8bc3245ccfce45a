#!/usr/bin/env bash
# Single-thread engine speed (x real time per stage, 10/60/600 s clips) and decoder allocation.
# Usage: scripts/bench-engine.sh [seconds,seconds,...] [repetitions] [stage-filter]   (default: 10,60,600 7, all stages)
# Prints a Markdown table to paste into docs/BENCHMARKS.md ("Engine speed"). Builds the jar if needed.
set -euo pipefail
source "$(dirname "$0")/lib/jars.sh"
ensure_jar "$TOOLS_JAR" tools
# One core's worth of work: pin to one CPU when taskset exists; a fixed heap so GC does not vary between runs.
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "${BENCH_CPU:-0}"); fi
exec "${pin[@]}" java -Xms2g -Xmx2g -XX:+UseParallelGC -cp "$TOOLS_JAR" \
  io.audioinsight.bench.engine.EngineBench "$@"
