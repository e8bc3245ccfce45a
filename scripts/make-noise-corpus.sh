#!/usr/bin/env bash
# Builds the real-noise corpus of issue 17 (see docs/BENCHMARKS.md "SNR and VAD in real-world noise"):
# recorded voices in recorded and made-in-code non-stationary noise at -5..30 dB, in two splits with
# different voices AND different noise recordings:
#   OUTDIR/tune/manifest.jsonl     what the engine was tuned on
#   OUTDIR/report/manifest.jsonl   what the figures are reported on
#
#   scripts/make-noise-corpus.sh OUTDIR [--spk-data DIR] [--repeats N] [--seed N]
#
# Voices: the speaker-embedding data (scripts/train/speaker-embedding/fetch-data.sh; default
# corpus/speaker-embedding/data, or --spk-data), TRAIN-split speakers only (its EVAL_SPEAKERS are the speaker
# team's evaluation voices and are never used here), 60 utterances each.
# Noise recordings (apt-get download + dpkg-deb -x, nothing installed), each with its licence:
#   alarm  yaru-theme-sound (CC-BY-SA-4.0), oxygen-sounds (LGPL-3+), deepin-sound-theme (GPL-3+)
#   sfx    lbreakout2-data (GPL), pingus-data (GPL-2+), chromium-bsu-data (Clarified-Artistic); clips with
#          words in them (e.g. "ohno", "excellent") are left out: they are speech
#   music  pingus-data tracker modules (decoded by ffmpeg), chromium-bsu-data music
# sound-theme-freedesktop and the rest of DESIGN.md's reserved list are never used.
# Keyboard, traffic, rumble and babble (from the split's own voices) are made in code (RealWorldNoise).
set -euo pipefail

usage() { echo "usage: $0 OUTDIR [--spk-data DIR] [--repeats N] [--seed N]" >&2; exit 2; }
[ $# -ge 1 ] || usage
OUT=$1; shift
source "$(dirname "$0")/lib/jars.sh"
SPK=$ROOT/corpus/speaker-embedding/data
REPEATS=2
SEED=20261205
while [ $# -gt 0 ]; do
  case $1 in
    --spk-data) SPK=${2:?}; shift ;;
    --repeats) REPEATS=${2:?}; shift ;;
    --seed) SEED=${2:?}; shift ;;
    *) usage ;;
  esac
  shift
done
[ -d "$SPK/wav" ] || { echo "$0: $SPK/wav not found; run scripts/train/speaker-embedding/fetch-data.sh" >&2; exit 1; }
for tool in sox ffmpeg dpkg-deb apt-get java; do
  command -v $tool >/dev/null || { echo "$0: $tool is required" >&2; exit 1; }
done

# Train-split speakers whose recordings are clean: the 5th percentile of their 20 ms frame levels lies more than
# 45 dB below the utterance's loudest frame. Voices with an audible recording floor (tuxpaint, klettres and
# two asterisk prompt sets sit at -25..-37 dB) are left out: the ground truth's 35 dB activity rule would
# label their floor as speech and their floor would add to the noise.
TUNE_VOICES="fvx_ru_nsh ast_Allison dra_en_J dra_es_VB dra_en_L dra_es_BJ dra_en_T dra_es_E"
REPORT_VOICES="ast_ru_IvrvoiceRU dra_es_J dra_en_D dra_en_VB dra_en_BJ dra_es_L dra_es_T dra_en_I"
EVAL_SPEAKERS=$(sed -n 's/^EVAL_SPEAKERS="\(.*\)"/\1/p' "$ROOT/scripts/train/speaker-embedding/fetch-data.sh")
PER_VOICE=60

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
start=$(date +%s)
ensure_jar "$TOOLS_JAR" tools

# 1. noise recordings -------------------------------------------------------------------------------
PKGS=(yaru-theme-sound oxygen-sounds deepin-sound-theme lbreakout2-data pingus-data chromium-bsu-data)
DEBS=$OUT/debs; RAW=$OUT/raw; REC=$OUT/recordings
mkdir -p "$DEBS" "$RAW"
for p in "${PKGS[@]}"; do
  if ! ls "$DEBS/${p}_"*.deb >/dev/null 2>&1; then
    (cd "$DEBS" && apt-get download -qq "$p")
  fi
  [ -d "$RAW/$p" ] || dpkg-deb -x "$DEBS/${p}_"*.deb "$RAW/$p"
done
if [ ! -f "$REC/.done" ]; then
  rm -rf "$REC"; mkdir -p "$REC/alarm" "$REC/sfx" "$REC/music"
  convert() { # SRC DEST: 16 kHz mono PCM16, -3 dB so that the rate change cannot clip
    ffmpeg -v error -nostdin -y -i "$1" -ac 1 -ar 16000 -sample_fmt s16 -af volume=-3dB "$2"
  }
  for p in yaru-theme-sound oxygen-sounds deepin-sound-theme; do
    find "$RAW/$p" -type f \( -name '*.oga' -o -name '*.ogg' -o -name '*.wav' \) | sort | while read -r f; do
      convert "$f" "$REC/alarm/$p-$(basename "${f%.*}").wav"
    done
  done
  WORDS='letsgo|yipee|ohno|goodidea|dammit|damn|excellent|verygood|wontgiveup|music_'
  for p in lbreakout2-data pingus-data chromium-bsu-data; do
    find "$RAW/$p" -type f -name '*.wav' | sort | grep -v -E "/($WORDS)[^/]*$" | while read -r f; do
      convert "$f" "$REC/sfx/$p-$(basename "${f%.*}").wav"
    done
  done
  find "$RAW/pingus-data" -type f -name '*.it' | sort | while read -r f; do
    convert "$f" "$REC/music/pingus-data-$(basename "${f%.*}").wav"
  done
  find "$RAW/chromium-bsu-data" -type f -name 'music_*.wav' | sort | while read -r f; do
    convert "$f" "$REC/music/chromium-bsu-data-$(basename "${f%.*}").wav"
  done
  touch "$REC/.done"
fi
printf 'package\tlicence\tused as\n%s\n' "$(printf '%s\n' \
  'yaru-theme-sound	CC-BY-SA-4.0	alarm' 'oxygen-sounds	LGPL-3.0-or-later	alarm' \
  'deepin-sound-theme	GPL-3+	alarm' 'lbreakout2-data	GPL	sfx' 'pingus-data	GPL-2+	sfx, music' \
  'chromium-bsu-data	Clarified-Artistic	sfx, music')" > "$OUT/licences.tsv"

# 2. voices: PER_VOICE utterances of each split's speakers, as an UtterancePool directory -------------
pool() { # SPLIT VOICES...
  local dir=$OUT/voices-$1; shift
  rm -rf "$dir"; mkdir -p "$dir"
  for v in "$@"; do
    case " $EVAL_SPEAKERS " in *" $v "*) echo "$0: $v is an EVAL speaker" >&2; exit 1 ;; esac
    src=$(awk -F'\t' -v s="$v" '$1 == s {print $2}' "$SPK/speakers.tsv" 2>/dev/null || true)
    printf '%s\t%s\t0\t0\tnone\n' "$v" "${src:-recorded}" >> "$dir/voices.tsv"
    mkdir -p "$dir/$v"
    local files=("$SPK/wav/$v"/*.wav) # glob order is sorted
    for f in "${files[@]:0:$PER_VOICE}"; do cp "$f" "$dir/$v/"; done
  done
}
pool tune $TUNE_VOICES
pool report $REPORT_VOICES

# 3. mix ---------------------------------------------------------------------------------------------
for split in tune report; do
  rm -rf "$OUT/$split"
  nice java -Xmx1g -cp "$TOOLS_JAR" io.audioinsight.eval.NoiseCorpusBuilder --voices "$OUT/voices-$split" \
    --recordings "$REC" --split $split --out "$OUT/$split" --seed "$SEED" --repeats "$REPEATS"
done
echo "done in $(( $(date +%s) - start )) s: $OUT/{tune,report}/manifest.jsonl"
