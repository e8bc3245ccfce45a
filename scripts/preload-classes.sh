#!/usr/bin/env bash
# Regenerates src/main/resources/io/audioinsight/preload-classes.txt: the library classes loaded after Vertx is
# built, during start-up and one pass of the README examples. Loading them on the main thread first keeps
# class loading off the event loops (see StartupPreload). Needs the jar and the README example tools.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/audio-insight.jar ]] || mvn -B -q -DskipTests package
log=$(mktemp); port=18097
HTTP_PORT=$port DEMO_ENABLED=true java -Xlog:class+load=info:file="$log" -jar target/audio-insight.jar >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "localhost:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
scripts/readme-examples.sh "http://localhost:$port" >/dev/null
kill -TERM $pid; wait $pid || true
start=$(grep -n 'io.audioinsight.observe.BlockedThreadMonitor ' "$log" | head -1 | cut -d: -f1)
tail -n +"$start" "$log" | grep -v 'shared objects file' | awk '{print $2}' \
  | grep -E '^(io\.vertx|io\.netty|com\.fasterxml|io\.micrometer)' | grep -vE 'Lambda|\$\$' | sort -u \
  > src/main/resources/io/audioinsight/preload-classes.txt
wc -l src/main/resources/io/audioinsight/preload-classes.txt
rm -f "$log"
