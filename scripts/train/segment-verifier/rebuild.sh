#!/usr/bin/env bash
# Rebuilds the segment verifier of the issue-17 experiment from scratch (README.md here; it did not land in the
# engine, docs/BENCHMARKS.md says why): WORKDIR/segment-verifier.tsv. About 6 minutes on two busy cores; it
# reproduces the weights of commit 5449b71 bit for bit. The engine code that read the weights is commit 5449b71.
#
#   scripts/train/segment-verifier/rebuild.sh WORKDIR [--spk-data DIR]
#
# 1. scripts/make-noise-corpus.sh WORKDIR/noise: the issue-17 corpus; only its TUNE split is used here (its voices,
#    its noise recordings, and its files for choosing the threshold). The REPORT split is never read.
# 2. Training mixes (NoiseCorpusBuilder, TUNE split recordings and made-in-code noise): seeds 101-112 with the
#    tune voices, 201-203 with eight synthetic voices of the speaker-embedding data (flite awb/rms, espeak-ng).
#    And scripts/make-corpus.sh --voices heldout --seed 4242: espeak-ng variants that the project's espeak corpus
#    does not use, in its made-in-code stationary and switching noise (low-SNR speech in white noise must stay).
# 3. DumpSegmentFeatures: every segment the DSP VAD finds at thresholds 0.5 and 0.3, one row per 1 s crop, with its
#    features and the share of its frames that are ground-truth speech.
# 4. train.py (python3-torch, CPU): the weights, and the dropped-segment counts on the tune split per threshold.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 WORKDIR [--spk-data DIR]" >&2; exit 2; }
W=$1; shift
source "$(dirname "$0")/../../lib/jars.sh"
SPK=$ROOT/corpus/speaker-embedding/data
[ "${1:-}" = "--spk-data" ] && SPK=${2:?}
SYN=$(dirname "$SPK")/data_syn
[ -d "$SYN/wav" ] || SYN=$SPK/../data_syn
PY=/usr/bin/python3   # Debian's python3 with python3-torch
mkdir -p "$W"; W=$(cd "$W" && pwd)
ensure_jar "$TOOLS_JAR" tools
JAR=$W/tools.jar; cp "$TOOLS_JAR" "$JAR"   # a copy: a rebuild of the tools jar meanwhile cannot break the runs

[ -f "$W/noise/tune/manifest.jsonl" ] || "$ROOT/scripts/make-noise-corpus.sh" "$W/noise" --spk-data "$SPK"

# synthetic voices (none of DESIGN.md's reserved festival/flite voices)
mkdir -p "$W/voices-syn"; : > "$W/voices-syn/voices.tsv"
for v in fli_awb_mid fli_rms_mid fli_awb_lo fli_rms_hi esp_Alex_lo esp_Annie_hi esp_Denis_lo esp_Marco_hi; do
  mkdir -p "$W/voices-syn/$v"
  ln -sf "$SYN"/wav/$v/*.wav "$W/voices-syn/$v/"
  printf '%s\tsynthetic\t0\t0\tnone\n' $v >> "$W/voices-syn/voices.tsv"
done

sets=()
for s in $(seq 101 112) 201 202 203; do
  voices=$W/noise/voices-tune; [ $s -gt 200 ] && voices=$W/voices-syn
  [ -f "$W/train/$s/manifest.jsonl" ] || nice java -Xmx1g -cp "$JAR" io.audioinsight.eval.NoiseCorpusBuilder \
    --voices "$voices" --recordings "$W/noise/recordings" --split tune --out "$W/train/$s" --seed $s --repeats 1
  sets+=("train/$s")
done

[ -f "$W/espeak-heldout/manifest.jsonl" ] || "$ROOT/scripts/make-corpus.sh" "$W/espeak-heldout" --voices heldout --seed 4242
sets+=("espeak-heldout")

mkdir -p "$W/dumps"
for engine in dsp; do
  for c in noise/tune "${sets[@]}"; do
    out=$W/dumps/$(echo "$c" | tr / _)-$engine.tsv
    [ -f "$out" ] || nice java -cp "$JAR" io.audioinsight.eval.DumpSegmentFeatures "$W/$c" $engine "$out.tmp" 0.5,0.3
    [ -f "$out" ] || mv "$out.tmp" "$out"
  done
done

train=$(ls "$W"/dumps/train_*.tsv "$W"/dumps/espeak-heldout-dsp.tsv | paste -sd, -)
nice $PY "$(dirname "$0")/train.py" "$W" "$train" "$W/dumps/noise_tune-dsp.tsv"
echo "weights: $W/segment-verifier.tsv, sha256 $(sha256sum "$W/segment-verifier.tsv" | cut -d' ' -f1)"
