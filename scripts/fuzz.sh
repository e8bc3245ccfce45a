#!/usr/bin/env bash
# Fuzz for real with Jazzer (coverage-guided; plain `mvn verify` only replays the committed inputs).
#
#   scripts/fuzz.sh MINUTES [TEST_CLASS] [TEST_METHOD]
#   scripts/fuzz.sh MINUTES formats        each compressed-format decoder in AudioDecoderFuzzTest, MINUTES each
#   FUZZ_RUNS=1000000 scripts/fuzz.sh ...  also stop after that many executions (whichever comes first)
#   FUZZ_INCLUDES='io.audioinsight.**:org.jflac.**' scripts/fuzz.sh ...
#                                          instrument these packages for coverage (Jazzer's instrumentation_includes);
#                                          by default jazzer-junit instruments only class directories, not codec jars
#   FUZZ_MAX_LEN=9000 scripts/fuzz.sh ...  libFuzzer's -max_len: bigger seeds are cut to it and no mutation grows past
#                                          it (else the limit is the biggest seed, e.g. a 24 KB regression input)
#
# Defaults to the WAV decoder: WavDecoderFuzzTest#decodeReturnsSaneAudioOrThrowsAudioFormatException.
# Jazzer fuzzes one @FuzzTest per run. Crashing inputs are written to the test's inputs directory
# (engine/src/test/resources/<package>/<Class>Inputs/<method>/) so that, once committed, `mvn verify` replays them;
# the growing corpus stays in engine/.cifuzz-corpus/ (git-ignored). The full log is in target/fuzz-<method>.log.
set -euo pipefail

minutes="${1:?usage: scripts/fuzz.sh MINUTES [TEST_CLASS] [TEST_METHOD] | MINUTES formats}"
if [ "${2:-}" = "formats" ]; then
  status=0
  for target in flac mp3 ogg matroska mp4; do
    "$0" "$minutes" AudioDecoderFuzzTest "${target}DecodesOrThrowsAudioFormatException" || status=$?
  done
  exit "$status"
fi
class="${2:-WavDecoderFuzzTest}"
method="${3:-decodeReturnsSaneAudioOrThrowsAudioFormatException}"
cd "$(dirname "$0")/.."
mkdir -p target
log="target/fuzz-${method}.log"

# JAZZER_FUZZ turns regression replay into fuzzing; JAZZER_MAX_DURATION overrides @FuzzTest(maxDuration);
# -Djazzer.hooks=true re-enables the bug detectors that junit-platform.properties turns off for plain test runs.
# The JUnit timeout becomes libFuzzer's -timeout, per input: an input that runs longer is a finding (timeout-*), as
# a crash is. Without it libFuzzer's default is 20 minutes, and inputs that took seconds each stayed in the corpus
# unreported, slowing every later run. FUZZ_INPUT_TIMEOUT_S (default 10) leaves room for a niced JVM on a busy box.
# JUnit's own timeout handling is switched off: it would time the whole fuzzing run as one test and report it as a
# TimeoutException at the end (Jazzer issues #930, #1060), hiding the finding behind it.
# Optional libFuzzer and Jazzer settings (see the usage above); jazzer.internal.arg.0 is libFuzzer's argv[0].
extra=""
if [ -n "${FUZZ_INCLUDES:-}" ]; then
  extra="$extra -Djazzer.instrumentation_includes=${FUZZ_INCLUDES}"
fi
if [ -n "${FUZZ_MAX_LEN:-}" ]; then
  extra="$extra -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_len=${FUZZ_MAX_LEN}"
fi

status=0
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${minutes}m" JAZZER_MAX_EXECUTIONS="${FUZZ_RUNS:-0}" nice -n 19 \
  mvn -B test -pl engine -Dtest="${class}#${method}" -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Djazzer.hooks=true -Djunit.jupiter.execution.timeout.testtemplate.method.default=${FUZZ_INPUT_TIMEOUT_S:-10}s \
  -Djunit.jupiter.execution.timeout.mode=disabled${extra}" \
  -DtrimStackTrace=false 2>&1 | tee "$log" >/dev/null || status=$?

echo "== fuzzing ${class}#${method} for ${minutes} min =="
grep -E "^#[0-9]+ +(INITED|DONE)|^Done [0-9]+ runs|== Java Exception|FuzzerSecurityIssue|Tests run:.*Fail" "$log" | tail -n 8 || true
inputs="$(find engine/src/test/resources -type d -path "*/${class}Inputs/${method}" | head -n 1)"
# only crash files git does not know yet: the committed ones are earlier findings, replayed as regression seeds
git ls-files --others --exclude-standard -- "${inputs:-/nonexistent}" 2>/dev/null | grep -E "/(crash|timeout)-" \
  && echo "new findings above: commit them so mvn verify replays them" || echo "no new crashing inputs written"
exit "$status"
