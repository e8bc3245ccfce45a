#!/usr/bin/env bash
# Builds the labelled evaluation corpus (see docs/BENCHMARKS.md "Engine accuracy").
#
#   scripts/make-corpus.sh OUTDIR [--small] [--seed N] [--voices default|heldout]
#
# 1. espeak-ng says the sentences in scripts/corpus/sentences-*.txt with the 16 voices of
#    scripts/corpus/voices.tsv (voice+variant, pitch, speed); sox converts them to 16 kHz mono PCM16.
#    The utterances are cached in OUTDIR/utterances and remade only when the inputs change.
# 2. io.audioinsight.eval.CorpusBuilder (from tools/target/audio-insight-tools.jar) mixes the sets
#    OUTDIR/{single,speakers,edge}/*.wav and writes the ground truth to OUTDIR/manifest.jsonl.
#
# --voices heldout uses scripts/corpus/voices-heldout.tsv instead: 16 espeak-ng variants the default pool does not
# use, to check that a method tuned on the default corpus is not fitted to its voices.
# Deterministic for a given seed and espeak-ng/sox version. --small makes a CI-size corpus.
# The corpus is not committed (corpus/ is git-ignored); scripts/eval.sh OUTDIR evaluates it.
set -euo pipefail

usage() { echo "usage: $0 OUTDIR [--small] [--seed N] [--voices default|heldout]" >&2; exit 2; }
[ $# -ge 1 ] || usage
OUT=$1; shift
SMALL=0
SEED=20261124
VOICES=voices.tsv
while [ $# -gt 0 ]; do
  case $1 in
    --small) SMALL=1 ;;
    --seed) SEED=${2:?--seed needs a value}; shift ;;
    --voices)
      case ${2:-} in
        default) VOICES=voices.tsv ;;
        heldout) VOICES=voices-heldout.tsv ;;
        *) usage ;;
      esac
      shift ;;
    *) usage ;;
  esac
  shift
done

source "$(dirname "$0")/lib/jars.sh"
CORPUS_INPUTS=$ROOT/scripts/corpus
for tool in espeak-ng sox java; do
  command -v $tool >/dev/null || { echo "$0: $tool is required (apt-get install espeak-ng sox)" >&2; exit 1; }
done

start=$(date +%s)
ensure_jar "$TOOLS_JAR" tools

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
UTT=$OUT/utterances
PER_VOICE=1000
[ $SMALL = 1 ] && PER_VOICE=10
STAMP=$( { espeak-ng --version; sox --version; cat "$CORPUS_INPUTS/$VOICES" "$CORPUS_INPUTS"/sentences-*.txt;
           echo "$PER_VOICE"; } | sha256sum | cut -c1-16)

if [ "$(cat "$UTT/.stamp" 2>/dev/null)" != "$STAMP" ]; then
  echo "synthesising utterances with espeak-ng into $UTT ..."
  rm -rf "$UTT"
  mkdir -p "$UTT"
  cp "$CORPUS_INPUTS/$VOICES" "$UTT/voices.tsv"
  JOBS=$UTT/jobs.tsv
  : > "$JOBS"
  grep -v '^#' "$CORPUS_INPUTS/$VOICES" | while IFS=$'\t' read -r id spec pitch speed lang; do
    mkdir -p "$UTT/$id"
    i=0
    while IFS= read -r text && [ $i -lt $PER_VOICE ]; do
      [ -n "$text" ] || continue
      i=$((i + 1))
      printf '%s\t%s\t%s\t%s\t%03d\t%s\n' "$id" "$spec" "$pitch" "$speed" "$i" "$text" >> "$JOBS"
    done < "$CORPUS_INPUTS/sentences-$lang.txt"
  done
  synth() {
    IFS=$'\t' read -r id spec pitch speed n text <<< "$1"
    local tmp=$UTT/$id/$n.22k.wav
    espeak-ng -v "$spec" -p "$pitch" -s "$speed" -w "$tmp" "$text"
    # -D: no dither, so the output is repeatable; -3 dB so the rate change cannot clip.
    sox -D -q "$tmp" -b 16 -c 1 "$UTT/$id/$n.wav" gain -3 rate 16000
    rm -f "$tmp"
  }
  export -f synth
  export UTT
  nice xargs -P 2 -d '\n' -n 1 bash -c 'synth "$0"' < "$JOBS"
  echo "$STAMP" > "$UTT/.stamp"
fi

rm -rf "$OUT/single" "$OUT/speakers" "$OUT/edge" "$OUT/manifest.jsonl"
ARGS=(--utterances "$UTT" --out "$OUT" --seed "$SEED")
[ $SMALL = 1 ] && ARGS+=(--small)
nice java -Xmx768m -cp "$TOOLS_JAR" io.audioinsight.eval.CorpusBuilder "${ARGS[@]}"
echo "done in $(( $(date +%s) - start )) s: $OUT/manifest.jsonl"
