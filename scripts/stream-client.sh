#!/usr/bin/env bash
# Streams a WAV file (16-bit PCM or 32-bit float, any rate 8..48 kHz, any channels) to GET /v1/stream at real-time
# speed and prints the events as they arrive, then the summary (README "Live streams").
#
#   scripts/stream-client.sh FILE.wav [--url ws://localhost:8080/v1/stream] [--frame-ms 32] [--fast]
#                            [--vad-threshold T] [--vad-hop-size N]
#
# Builds tools/target/audio-insight-tools.jar first if it is missing or older than the sources.
set -euo pipefail
source "$(dirname "$0")/lib/jars.sh"
ensure_jar "$TOOLS_JAR" tools
exec java -cp "$TOOLS_JAR" io.audioinsight.client.LiveStreamClient "$@"
