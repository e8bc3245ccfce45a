#!/usr/bin/env bash
# Single-thread decode and resample speed (× real time) and 600 s decode allocation; prints a Markdown table.
#   scripts/bench-decode.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl engine test-compile -Dsilero.skip=true >/dev/null
exec java -Xmx2g -XX:+UseSerialGC -cp engine/target/classes:engine/target/test-classes io.audioinsight.audio.decode.DecodeBenchmark
