#!/usr/bin/env bash
# Builds the real-voice evaluation corpus of issue 16: recorded people from Debian packages, only the
# speakers of the EVAL split of scripts/train/speaker-embedding/fetch-data.sh (never used in training,
# tuning or calibration of the speaker embedding), in the format of scripts/make-corpus.sh.
#
#   scripts/make-real-voice-corpus.sh OUTDIR [--small] [--seed N] [--data DIR]
#   scripts/eval.sh OUTDIR                       # evaluates it unchanged
#
# --data: the fetch-data.sh output (default corpus/speaker-embedding/data; fetched first when missing).
# The 18 evaluation voices: tuxpaint readers fr, es, el, ru (16 kHz); asterisk June (fr_CA, f) and Carlo
# (it_IT, m) and the es-co prompt voice (8 kHz telephone prompts); klettres cs, nl, it (letters and
# syllables); drascula-spanish Drascula and Igor and six Flight of the Amazon Queen characters (acted,
# expressive, 11 kHz).
# Parts (the full corpus: 436 files, 8.5 h of audio, 840 MB, about 5 min on a busy 2-core machine;
# --small: 62 files):
#   speakers/   240 files: 1-4 voices taking 1-5 s turns for 60 s, 0.15-0.8 s gaps, no overlap; each voice
#               at its own level (+-3 dB) and each turn +-6 dB more, so one voice's turns span up to 12 dB;
#               noise none / 50 / 40 / 30 / 20 / 10 dB active-speech SNR of white, pink, babble (six other
#               evaluation voices), music (hedgewars-data tracks) or sfx (hedgewars-data recorded effects:
#               bees, steam, engines, guns, steps), every pairing within 30 files of each count.
#   single/     108 files: each voice alone for 60 s at 50, 40, 30, 20, 15 and 10 dB (condition = noise type),
#               each utterance +-6 dB.
#   long/       10-minute single-voice files of the voices with >= 5 min of material (tuxpaint, asterisk,
#               drascula's Drascula), at 50 dB pink, 30 dB music, 20 dB babble, 10 dB white.
#   telephone/  80 files: conversations of 1-4 voices band-limited to 300-3400 Hz, 8 kHz, G.711 mu-law,
#               clean / 30 dB babble / 20 dB pink / 10 dB white.
# The ground truth (speech segments, SNRs, who spoke when, speaker_count = voices with >= 1 s of speech)
# follows DESIGN.md "Definitions" like tools/.../eval/GroundTruth.java; labels come from the separate clean
# tracks. The SNR labels measure the added noise only: the recordings' own noise floor (roughly 30-50 dB)
# is not in them, which is why single voices always get added noise; use the corpus for speakers and VAD
# first, and for SNR only at 30 dB and below. Deterministic for a given seed and input data. Needs /usr/bin/python3 with numpy, and sox.
set -euo pipefail
usage() { echo "usage: $0 OUTDIR [--small] [--seed N] [--data DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$1; shift
DATA=$ROOT/corpus/speaker-embedding/data
ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    --small) ARGS+=(--small) ;;
    --seed) ARGS+=(--seed "${2:?--seed needs a value}"); shift ;;
    --data) DATA=${2:?--data needs a directory}; shift ;;
    *) usage ;;
  esac
  shift
done
if [ ! -f "$DATA/manifest.tsv" ]; then
  bash "$ROOT/scripts/train/speaker-embedding/fetch-data.sh" "$(dirname "$DATA")"
fi
rm -rf "$OUT/speakers" "$OUT/single" "$OUT/long" "$OUT/telephone" "$OUT/manifest.jsonl"
start=$(date +%s)
nice -n 19 /usr/bin/python3 "$ROOT/scripts/train/speaker-embedding/real_corpus.py" --data "$DATA" \
    --raw "$(dirname "$DATA")/raw" --out "$OUT" "${ARGS[@]}"
echo "done in $(( $(date +%s) - start )) s: $OUT/manifest.jsonl"
