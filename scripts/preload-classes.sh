#!/usr/bin/env bash
# Regenerates service/src/main/resources/io/audioinsight/app/preload-classes.txt: the library classes loaded after Vertx is
# built, during start-up and one pass of the README examples. Loading them on the main thread first keeps
# class loading off the event loops (see StartupPreload). Needs the jar and the README example tools.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jars.sh
ensure_jar "$SERVICE_JAR" service
log=$(mktemp); port=18097
HTTP_PORT=$port DEMO_ENABLED=true java -Xlog:class+load=info:file="$log" -jar "$SERVICE_JAR" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "localhost:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
scripts/readme-examples.sh "http://localhost:$port" >/dev/null
kill -TERM $pid; wait $pid || true
start=$(grep -n 'io.audioinsight.observe.BlockedThreadMonitor ' "$log" | head -1 | cut -d: -f1)
tail -n +"$start" "$log" | grep -v 'shared objects file' | awk '{print $2}' \
  | grep -E '^(io\.vertx|io\.netty|com\.fasterxml|io\.micrometer)' | grep -vE 'Lambda|\$\$' | sort -u \
  > service/src/main/resources/io/audioinsight/app/preload-classes.txt
wc -l service/src/main/resources/io/audioinsight/app/preload-classes.txt
rm -f "$log"
