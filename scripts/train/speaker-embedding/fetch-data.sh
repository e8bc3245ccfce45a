#!/usr/bin/env bash
# Build the real-voice speech corpus for the speaker-embedding model (issue 16).
#
#   scripts/train/speaker-embedding/fetch-data.sh [WORKDIR]   (default WORKDIR = corpus/speaker-embedding, git-ignored)
#
# Every source is a Debian package fetched with `apt-get download` and unpacked with `dpkg-deb -x`
# (nothing is installed from these packages). Output:
#   WORKDIR/data/wav/<speaker>/<n>.wav   16 kHz mono 16-bit PCM
#   WORKDIR/data/manifest.tsv            path  speaker_id  source  duration_s  licence  split
#   WORKDIR/data/licences.tsv            package  licence summary (from usr/share/doc/<pkg>/copyright)
#   WORKDIR/data/speakers.tsv            speaker_id  source  files  minutes  split
#
# RESERVED for independent evaluation and never touched here: fillets-ng-data*, ktuberling-data,
# codec2-examples, sound-theme-freedesktop, ALSA test recordings, festival/flite kal, slt, czech_*,
# italp16k/lp, itapc16k/pc, upc_ca_ona_hts.
#
# The speaker-disjoint split is fixed in this file (EVAL_SPEAKERS below), not chosen at random.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${1:-$(cd "$HERE/../../.." && pwd)/corpus/speaker-embedding}"
DEBS="$WORK/debs"; RAW="$WORK/raw"; DATA="$WORK/data"
mkdir -p "$DEBS" "$RAW" "$DATA/wav"

PKGS=(tuxpaint-stamps-default
      asterisk-core-sounds-en-wav asterisk-core-sounds-es-wav asterisk-core-sounds-fr-wav
      asterisk-core-sounds-it-wav asterisk-core-sounds-ru-wav
      asterisk-prompt-it-menardi-wav asterisk-prompt-fr-armelle asterisk-prompt-es-co
      festvox-ru drascula drascula-spanish hedgewars-data klettres-data flight-of-the-amazon-queen)

# Speakers whose audio is used ONLY for evaluation / threshold-free testing. Chosen by hand so that
# the eval set mixes sexes, languages, 8 kHz telephone prompts and 16 kHz studio speech:
#   tuxpaint fr, es, el, ru (16 kHz read descriptions), asterisk fr_CA June (f, 8 kHz),
#   asterisk it_IT Carlo (m, 8 kHz), asterisk-prompt-es-co (8 kHz GSM), klettres cs, nl, it,
#   drascula es Drascula + Igor (acted, 11 kHz), and six Flight of the Amazon Queen dialogue partners
#   (acted English, 11 kHz MP3; chosen among those with the most lines, every fourth).
EVAL_SPEAKERS=" tux_fr tux_es tux_el tux_ru ast_fr_June ast_it_Carlo ast_es_co kle_cs kle_nl kle_it dra_es_D dra_es_I "
EVAL_SPEAKERS+="foq_d12 foq_d39 foq_d26 foq_d83 foq_d67 foq_d70 "

need() { command -v "$1" >/dev/null 2>&1; }
if ! need sox || ! need dpkg-deb || ! need ffmpeg; then   # ffmpeg: the MP3 lines of queen.1c
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sox libsox-fmt-all ffmpeg
fi

# 1. download + unpack -------------------------------------------------------------------------
missing=()
for p in "${PKGS[@]}"; do ls "$DEBS/${p}_"*.deb >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ -n "${SKIP_APT_UPDATE:-}" ] || apt-get update -qq
  (cd "$DEBS" && apt-get download "${missing[@]}")
fi
for p in "${PKGS[@]}"; do
  [ -d "$RAW/$p" ] || { mkdir -p "$RAW/$p"; dpkg-deb -x "$DEBS/${p}_"*.deb "$RAW/$p"; }
done

# 2. licences ----------------------------------------------------------------------------------
: > "$DATA/licences.tsv"; mkdir -p "$DATA/copyright"
for p in "${PKGS[@]}"; do
  c="$RAW/$p/usr/share/doc/$p/copyright"
  if [ -f "$c" ]; then
    cp "$c" "$DATA/copyright/$p.copyright"
    lic=$( (grep -E '^License: *[^ ]' "$c" || true) | sed 's/^License:[[:space:]]*//' | sort -u | paste -sd ';' -)
    if [ -z "$lic" ]; then
      if grep -q 'GNU General Public License' "$c"; then
        v=$( (grep -oE 'version [0-9]' "$c" || true) | head -1 | tr -dc 0-9); lic="GPL${v:+-$v}${v:++} (free-text copyright file)"
      else lic="see copyright/$p.copyright"; fi
    fi
  else lic="(no copyright file)"; fi
  printf '%s\t%s\n' "$p" "$lic" >> "$DATA/licences.tsv"
done
declare -A LIC
while IFS=$'\t' read -r p l; do LIC[$p]=$l; done < "$DATA/licences.tsv"

# 3. job list: src  speaker  source-package  kind --------------------------------------------------
JOBS="$DATA/jobs.tsv"; : > "$JOBS"
add() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$JOBS"; }

# tuxpaint: one adult per language, files *_desc_<lang>.ogg (the odd "da.ogg.ogg" kept as da)
while IFS= read -r f; do
  l=$(basename "$f"); l=${l##*_desc_}; l=${l%%.*}
  add "$f" "tux_$l" tuxpaint-stamps-default sox
done < <(find "$RAW/tuxpaint-stamps-default" -name '*_desc_*.ogg' | sort)

# asterisk core sounds: the folder names the voice. en_US_f_Allison and es_MX_f_Allison are the same
# person (Allison Smith), so both map to one speaker.
for L in en es fr it ru; do
  p=asterisk-core-sounds-$L-wav
  for d in "$RAW/$p/usr/share/asterisk/sounds/"*/; do
    v=$(basename "$d"); name=${v##*_}; spk="ast_${v:0:2}_$name"; [ "$name" = Allison ] && spk=ast_Allison
    # the silence/ folder holds recorded line noise, not the voice
    find "$d" -name '*.wav' -not -path '*/silence/*' | sort | while IFS= read -r f; do add "$f" "$spk" "$p" sox; done
  done
done
find "$RAW/asterisk-prompt-it-menardi-wav/usr/share/asterisk/sounds" -name '*.wav' | sort | while IFS= read -r f; do add "$f" ast_it_Menardi asterisk-prompt-it-menardi-wav sox; done
find "$RAW/asterisk-prompt-fr-armelle/usr/share/asterisk/sounds" -name '*.gsm' | sort | while IFS= read -r f; do add "$f" ast_fr_Armelle asterisk-prompt-fr-armelle sox; done
find "$RAW/asterisk-prompt-es-co/usr/share/asterisk/sounds" -name '*.gsm' | sort | while IFS= read -r f; do add "$f" ast_es_co asterisk-prompt-es-co sox; done

# festvox-ru: one male speaker (msu_ru_nsh), read sentences
find "$RAW/festvox-ru/usr/share/festival/voices/russian" -path '*/wav/*' -name '*.wav' | sort | while IFS= read -r f; do add "$f" fvx_ru_nsh festvox-ru sox; done

# drascula: *.ALS are raw unsigned 8-bit mono PCM at 11025 Hz; the file-name prefix is the character
# (none = John Hacker, D = Drascula, I = Igor, VB = Von Braun, BJ = B.J., L = werewolf, T = bartender,
# E, P = pianist, B = drunk, S, F). English and Spanish dubs have different actors.
for pair in "drascula:en" "drascula-spanish:es"; do
  p=${pair%%:*}; L=${pair##*:}
  find "$RAW/$p/usr/share/scummvm/drascula/$L" -name '*.ALS' | sort | while IFS= read -r f; do
    c=$(basename "$f" .ALS); c=${c%%[0-9]*}; [ -n "$c" ] || c=J
    [ "$c" = F ] && continue                    # 3 lines only
    add "$f" "dra_${L}_$c" "$p" als
  done
done

# hedgewars voice packs: one speaker label per pack (some packs are pitch-shifted copies of one
# actor, so hedgewars is used for training only)
for d in "$RAW/hedgewars-data/usr/share/games/hedgewars/Data/Sounds/voices/"*/; do
  v=$(basename "$d")
  find "$d" -name '*.ogg' | sort | while IFS= read -r f; do add "$f" "hw_$v" hedgewars-data sox; done
done

# klettres: letters and syllables, one recording voice per language folder
for d in "$RAW/klettres-data/usr/share/klettres/"*/; do
  L=$(basename "$d"); case "$L" in icons|pics) continue;; esac
  n=$(find "$d" -name '*.ogg' | wc -l); [ "$n" -gt 0 ] || continue
  find "$d" -name '*.ogg' | sort | while IFS= read -r f; do add "$f" "kle_$L" klettres-data sox; done
done

# Flight of the Amazon Queen: dialogue lines (MP3 inside queen.1c), one label per dialogue partner
# plus Joe, the hero (see queen_speech.py)
/usr/bin/env python3 "$HERE/queen_speech.py" \
    "$RAW/flight-of-the-amazon-queen/usr/share/scummvm/flight-of-the-amazon-queen/queen.1c" \
    "$RAW/flight-of-the-amazon-queen/sb" | sort | while IFS=$'\t' read -r f spk; do
  add "$f" "$spk" flight-of-the-amazon-queen mp3
done

# 4. convert (parallel 2, niced) ------------------------------------------------------------------
awk -F'\t' 'BEGIN{OFS="\t"} {n[$2]++; printf "%s\t%s\t%s\t%s\t%05d\n", $1,$2,$3,$4,n[$2]}' "$JOBS" > "$JOBS.n"
export DATA
conv() {
  IFS=$'\t' read -r src spk pkg kind idx <<< "$1"
  out="$DATA/wav/$spk/$idx.wav"; [ -s "$out" ] && return 0
  mkdir -p "$DATA/wav/$spk"
  if [ "$kind" = mp3 ]; then
    ffmpeg -nostdin -loglevel error -i "$src" -ar 16000 -ac 1 -sample_fmt s16 "$out" 2>/dev/null || rm -f "$out"
  elif [ "$kind" = als ]; then
    # The Spanish dub's files end in bytes that are not sound: 649 of 780 in a 12-byte fragment of a WAV chunk
    # ("fact\4\0\0\0FILT"), many after a 0 pad byte, and 114 others in one 0 byte. Read as 8-bit samples they
    # are a full-scale click at the end of the line, which the SNR corpus then counted as noise
    # (docs/BENCHMARKS.md, issue 17).
    local cut=0
    if tail -c 12 "$src" | cmp -s - <(printf 'fact\004\000\000\000FILT'); then cut=12; fi
    [ "$(head -c "-$cut" "$src" | tail -c 1 | od -An -tu1 | tr -d ' ')" = 0 ] && cut=$((cut + 1))
    head -c "-$cut" "$src" | sox -q -t raw -r 11025 -e unsigned-integer -b 8 -c 1 - -r 16000 -b 16 -e signed-integer -c 1 "$out" 2>/dev/null || rm -f "$out"
  else
    sox -q "$src" -r 16000 -b 16 -e signed-integer -c 1 "$out" 2>/dev/null || rm -f "$out"
  fi
}
export -f conv
tr '\n' '\0' < "$JOBS.n" | nice -n 19 xargs -0 -P 2 -n 1 bash -c 'conv "$1"' _

# 5. manifest ------------------------------------------------------------------------------------
{
  printf 'path\tspeaker_id\tsource\tduration_s\tlicence\tsplit\n'
  while IFS=$'\t' read -r src spk pkg kind idx; do
    out="$DATA/wav/$spk/$idx.wav"; [ -s "$out" ] || continue
    sz=$(stat -c %s "$out"); dur=$(awk -v s="$sz" 'BEGIN{printf "%.3f", (s-44)/32000}')
    split=train; [[ "$EVAL_SPEAKERS" == *" $spk "* ]] && split=eval
    printf 'wav/%s/%s.wav\t%s\t%s\t%s\t%s\t%s\n' "$spk" "$idx" "$spk" "$pkg" "$dur" "${LIC[$pkg]}" "$split"
  done < "$JOBS.n"
} > "$DATA/manifest.tsv"

awk -F'\t' 'NR>1{n[$2]++; d[$2]+=$4; s[$2]=$3; sp[$2]=$6} END{for(k in n) printf "%s\t%s\t%d\t%.2f\t%s\n", k, s[k], n[k], d[k]/60, sp[k]}' \
  "$DATA/manifest.tsv" | sort -k5,5 -k1,1 > "$DATA/speakers.tsv"
echo "speaker_id  source  files  minutes  split"
column -t "$DATA/speakers.tsv"
awk -F'\t' '{m[$5]+=$4; c[$5]++} END{for(k in m) printf "%s: %d speakers, %.1f min\n", k, c[k], m[k]}' "$DATA/speakers.tsv"
