#!/usr/bin/env bash
# Evaluates an engine on a corpus made by scripts/make-corpus.sh and prints the accuracy report, ending with
# one "TARGET name PASS|FAIL|n/a ..." line per target (see docs/BENCHMARKS.md "Engine accuracy").
#
#   scripts/eval.sh CORPUS [--engine dsp|silero] [--speakers both|classic|embedding] [--hint-num-speakers] [--csv FILE] [--hop N] [--threshold T] [--threads N] [--collar S] [--clustering ahc,spectral,ahc-spectral] [--resegmentation none,mfcc] [--speaker-model FILE.onnx] [--turn-change-level L]
#
# Builds tools/target/audio-insight-tools.jar first if it is missing or older than the sources.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CORPUS [--engine dsp|silero] [--speakers both|classic|embedding] [--hint-num-speakers] [--csv FILE] [--hop N] [--threshold T] [--threads N] [--collar S] [--clustering ahc,spectral,ahc-spectral] [--resegmentation none,mfcc] [--speaker-model FILE.onnx] [--turn-change-level L]" >&2; exit 2; }
source "$(dirname "$0")/lib/jars.sh"
[ -f "$1/manifest.jsonl" ] || { echo "$0: $1/manifest.jsonl not found; run scripts/make-corpus.sh $1 first" >&2; exit 2; }
ensure_jar "$TOOLS_JAR" tools
exec nice java -cp "$TOOLS_JAR" io.audioinsight.eval.Evaluate "$@"
