#!/usr/bin/env bash
# Single-thread engine speed (x real time per stage, 10/60/600 s clips) and decoder allocation.
# Usage: scripts/bench-engine.sh [seconds,seconds,...] [repetitions]   (default: 10,60,600 7)
# Prints a Markdown table to paste into docs/BENCHMARKS.md ("Engine speed"). Builds the jar if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/audio-insight.jar || -n "$(find src/main -newer target/audio-insight.jar -print -quit)" ]]; then
  mvn -B -q -DskipTests package
fi
# One core's worth of work: pin to one CPU when taskset exists; a fixed heap so GC does not vary between runs.
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "${BENCH_CPU:-0}"); fi
exec "${pin[@]}" java -Xms2g -Xmx2g -XX:+UseParallelGC -cp target/audio-insight.jar \
  io.audioinsight.audio.bench.EngineBench "$@"
