#!/usr/bin/env bash
# Speaker-count accuracy (exact count, MAE, confusion by true count, DER) and speaker-stage speed on a corpus
# made by scripts/speaker-devset.py, with the DSP VAD's speech frames as in the service.
#   scripts/speaker-eval.sh CORPUS_DIR            e.g. corpus/speakers-dev (make it first, see below)
#   nice scripts/speaker-devset.py corpus/speakers-dev
#   nice scripts/speaker-devset.py corpus/speakers-heldout --pool heldout --seed 7
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CORPUS_DIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
mvn -B -q -o compile >/dev/null 2>&1 || mvn -B -q compile >/dev/null
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime >/dev/null
CP=target/classes:$(cat target/runtime-classpath.txt)
exec java -Dquiet="${QUIET:-}" -cp "$CP" io.audioinsight.eval.SpeakerEval "$@"
