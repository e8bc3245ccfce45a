#!/usr/bin/env bash
# Attack suite (issue 15, item 8): hostile clients against a live audio-insight, on 127.0.0.1 only.
# ONE command: scripts/attack/run.sh [--list] [attack ...]   (all attacks by default)
# Builds service/target/audio-insight.jar if it is missing or stale (unless ATTACK_JAR names a jar), starts a
# copy of it on random free ports (HTTP_PORT, MANAGEMENT_PORT) with its log in target/attack/<time>/, runs the
# attacks (holdback, big-valid, half-headers, methods, bad-requests, slowloris, smuggling, path-tricks,
# wav-bomb, stream-hoard), stops the service with SIGTERM and prints a Markdown report (also in target/attack/<time>/report.md)
# with one PASS/FAIL line per target of issue 15. Exits 0 whatever it measured: it is a measurement.
# Scale knobs are environment variables (HOLDBACK_N, HALF_K, METHODS_N, ...): see `scripts/attack/run.sh --list`.
# The defaults take about 4-5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z ${ATTACK_JAR:-} && " $* " != *" --list "* ]]; then
  source scripts/lib/jars.sh
  ensure_jar "$SERVICE_JAR" service
fi
exec python3 scripts/attack/attacks.py "$@"
