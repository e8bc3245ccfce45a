#!/usr/bin/env bash
# Starts audio-insight with its defaults (conf/config.json), building service/target/audio-insight.jar first if
# it is missing or older than the sources.
# Extra arguments go to the JVM before -jar, e.g.: scripts/run.sh -Dhttp.port=9090
#
# The service runs from a copy of the jar in .run/ (one per running service, removed by the next start once
# its process is gone), so a `mvn verify` in another terminal can rebuild the jar under a running service.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jars.sh
ensure_jar "$SERVICE_JAR" service
mkdir -p .run
for old in .run/audio-insight-*.jar; do
  [[ -e $old ]] || continue
  pid=${old##*-}; pid=${pid%.jar}
  kill -0 "$pid" 2>/dev/null || rm -f "$old"
done
copy=.run/audio-insight-$$.jar   # exec keeps this pid, so the name says which process runs it
cp "$SERVICE_JAR" "$copy"
exec java "$@" -jar "$copy"
