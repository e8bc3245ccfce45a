#!/usr/bin/env bash
# Before/after engine speed and results, for a change to the engine:
#   scripts/bench-engine-ab.sh OLD.jar NEW.jar [SECONDS] [REPETITIONS] [CORPUS_DIR]
# 1. Speed: SignalAnalyzer.analyze of a SECONDS-long scene (default 60), REPETITIONS runs per jar (default 60, after
#    10 warm-ups), the jars interleaved in one JVM pinned to one CPU; prints the median thread CPU time of each.
#    On a loaded machine this is far steadier than two separate EngineBench runs.
# 2. Results (only with CORPUS_DIR, e.g. the output of scripts/make-corpus.sh): AudioAnalyzer on every .wav with
#    each jar; prints the files whose SNR block or duration differ and a count.
# Build each jar with `mvn -q -DskipTests -pl tools -am package` (copy tools/target/audio-insight-tools.jar aside
# between builds; a service jar from before the module split works too).
set -euo pipefail
old="${1:?usage: scripts/bench-engine-ab.sh OLD.jar NEW.jar [SECONDS] [REPETITIONS] [CORPUS_DIR]}"
new="${2:?usage: scripts/bench-engine-ab.sh OLD.jar NEW.jar [SECONDS] [REPETITIONS] [CORPUS_DIR]}"
here="$(cd "$(dirname "$0")" && pwd)"
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "${BENCH_CPU:-0}"); fi
"${pin[@]}" java -Xms2g -Xmx2g -XX:+UseParallelGC "$here/bench/EngineAb.java" "${3:-60}" "${4:-60}" "$old" "$new"
if [[ -n "${5:-}" ]]; then
  java -Xmx3g "$here/bench/EngineSameResults.java" "$old" "$new" "$5" | tail -n 20
fi
