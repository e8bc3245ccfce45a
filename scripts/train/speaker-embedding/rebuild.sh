#!/usr/bin/env bash
# Rebuilds the speaker-embedding model from nothing: data, synthetic voices, the four training runs,
# evaluation, ONNX export and the release folder. About 3.5 hours of training (runs 1-3 on one CPU thread, run 5
# on two) plus 30-40 min of data preparation and evaluation; everything runs under nice -n 19.
#
#   scripts/train/speaker-embedding/rebuild.sh [WORKDIR]   (default corpus/speaker-embedding, git-ignored)
#
# Needs Debian's python3-torch (1.13, CPU), python3-onnx, python3-numpy, sox, ffmpeg, espeak-ng, flite, festival
# and four festvox voices (installed below if missing). /usr/bin/python3 is used because another python3 may come first on the PATH.
# Output: WORKDIR/release/{speaker-embedding.onnx, .sha256, speaker-embedding.json, eval.json, turn-changes.onnx, .sha256}.
# Training is time-budgeted (--minutes), so a faster machine takes more steps in the same time and the
# weights differ from the committed ones; the figures should land within the noise of MODEL-CARD.md's.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
W="${1:-$(cd "$HERE/../../.." && pwd)/corpus/speaker-embedding}"
PY=/usr/bin/python3
mkdir -p "$W"

need=()
for t in sox ffmpeg espeak-ng flite; do command -v $t >/dev/null || need+=("$t"); done
command -v text2wave >/dev/null || need+=(festival)
for v in festvox-kdlpc16k festvox-czech-krb festvox-suopuhe-lj festvox-suopuhe-mv; do
  dpkg -s "$v" >/dev/null 2>&1 || need+=("$v")
done
$PY -c 'import torch, onnx, numpy' 2>/dev/null || need+=(python3-torch python3-onnx python3-numpy)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" libsox-fmt-all
fi

# 1. real voices from 15 Debian packages (never the reserved ones), fixed speaker-disjoint split
bash "$HERE/fetch-data.sh" "$W"
# 2. synthetic train-only voices (espeak-ng variants, flite awb/rms)
[ -f "$W/data_syn/manifest.tsv" ] || $PY "$HERE/gen_synth.py" --out "$W/data_syn" --utts 12 --jobs 2

# Speakers held out of the classifier in runs 2 and 3, to calibrate the clustering threshold on voices
# the network has not fitted (run 1 trains on the first eight; the four foq_ ones are never trained on).
HOLD=ast_ru_IvrvoiceRU,dra_en_J,dra_es_VB,kle_hu,kle_ml,tux_bg,tux_ca,tux_da
HOLD3=$HOLD,foq_d59,foq_d25,foq_d53,foq_d33
T() { nice -n 19 $PY "$HERE/train.py" --data "$W/data" "$@"; }
# 3. run 1: the real voices without Flight of the Amazon Queen, 50 min
#    (runs 1 and 2 were made before fetch-data.sh added Flight of the Amazon Queen: --exclude_prefix keeps them so;
#    they also still had the asterisk silence/ files, which fetch-data.sh now leaves out. train_info.json
#    marks a finished run: ckpt.pt is also written every 5 min during one)
[ -f "$W/model/train_info.json" ] || T --exclude_prefix foq_ --out "$W/model" --minutes 50 --threads 1
# 4. run 2: + synthetic voices, the 8 calibration speakers out, 58 min from run 1
[ -f "$W/model2/train_info.json" ] || T --exclude_prefix foq_ --syn "$W/data_syn" --holdout "$HOLD" --init "$W/model/ckpt.pt" --out "$W/model2" \
    --minutes 58 --lr 1.5e-3 --threads 1
# 5. run 3 (the release until 2026-12-06): + Flight of the Amazon Queen characters, random channel EQ, from run 2
[ -f "$W/model3/train_info.json" ] || T --syn "$W/data_syn" --syn_frac 0.15 --holdout "$HOLD3" --init "$W/model2/ckpt.pt" \
    --out "$W/model3" --minutes 55 --lr 1.5e-3 --eq 0.5 --threads 1
# 6. run 5 (the release): + four Festival diphone voices among the synthetic ones, the drascula lines without
#    their end clicks, 45 min from run 3 on two threads (the release ran on a quiet machine: 4014 steps)
[ -f "$W/data_syn/wav/fes_mv/039.wav" ] || $PY "$HERE/gen_festival.py" --out "$W/data_syn"
[ -f "$W/model5/train_info.json" ] || T --syn "$W/data_syn" --syn_frac 0.15 --holdout "$HOLD3" --init "$W/model3/ckpt.pt" \
    --out "$W/model5" --minutes 45 --lr 1.5e-3 --eq 0.5 --threads 2
# 7. evaluation on the eval-split speakers, threshold calibrated on the held-out ones
EVAL_THREADS=2 nice -n 19 $PY "$HERE/eval.py" --data "$W/data" --ckpt "$W/model5/ckpt.pt" --out "$W/model5/eval.json" \
    --cal_speakers "$HOLD3" --skip_all_train
# 8. ONNX export, checksum and reference vectors
$PY "$HERE/export.py" --ckpt "$W/model5/ckpt.pt" --onnx "$W/model5/speaker-embedding.onnx"
# 9. the turn-change detector (about 28 min on two cores), exported into the release folder, where release.py
#    finds it and names it in the JSON
[ -f "$W/turn-changes.pt" ] || nice -n 19 $PY "$HERE/turn_changes.py" train "$W/data" "$W/turn-changes.pt" 1600
mkdir -p "$W/release"
$PY "$HERE/turn_changes.py" export "$W/turn-changes.pt" "$W/release/turn-changes.onnx"
$PY "$HERE/release.py" --model "$W/model5" --out "$W/release"
echo "release: $W/release"
