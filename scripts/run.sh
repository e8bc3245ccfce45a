#!/usr/bin/env bash
# Starts audio-insight with its defaults (conf/config.json), building the jar first if it is missing or older
# than the sources.
# Extra arguments go to the JVM before -jar, e.g.: scripts/run.sh -Dhttp.port=9090
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/audio-insight.jar || -n "$(find src/main pom.xml -newer target/audio-insight.jar -print -quit)" ]]; then
  echo "building target/audio-insight.jar..." >&2
  mvn -B -q -DskipTests package
fi
exec java "$@" -jar target/audio-insight.jar
