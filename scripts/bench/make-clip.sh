#!/usr/bin/env bash
# Writes a speech-like WAV clip of the given length (16 kHz mono 16-bit) for the /v1/analyze benchmarks:
# two espeak-ng voices taking turns over light noise, or, without espeak-ng, syllable-like tone bursts from sox.
# usage: make-clip.sh OUT.wav [SECONDS]
set -euo pipefail
out=${1:?usage: make-clip.sh OUT.wav [SECONDS]}
seconds=${2:-10}
command -v sox >/dev/null || { echo "make-clip.sh: sox is required (apt-get install sox)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if command -v espeak-ng >/dev/null; then
  text_a="The quarterly figures arrived late, so the meeting moved to Thursday afternoon. Please bring the printed copies."
  text_b="That works for me. I will ask the finance team to check the totals before we meet, just to be safe."
  espeak-ng -v en-us+m3 -s 160 -w "$tmp/a.wav" "$text_a"
  espeak-ng -v en-gb+f4 -s 170 -w "$tmp/b.wav" "$text_b"
  for f in a b; do sox "$tmp/$f.wav" -r 16000 -c 1 -b 16 "$tmp/${f}16.wav"; done
  sox -n -r 16000 -c 1 -b 16 "$tmp/gap.wav" trim 0 0.4
  # a b a b ... until the clip is long enough, then cut to length
  parts=()
  total=0
  while (( total < seconds + 2 )); do
    parts+=("$tmp/a16.wav" "$tmp/gap.wav" "$tmp/b16.wav" "$tmp/gap.wav")
    total=$(( total + $(printf '%.0f' "$(soxi -D "$tmp/a16.wav")") + $(printf '%.0f' "$(soxi -D "$tmp/b16.wav")") + 1 ))
  done
  sox "${parts[@]}" "$tmp/speech.wav"
else
  echo "make-clip.sh: espeak-ng not found, using tone bursts" >&2
  sox -n -r 16000 -c 1 -b 16 "$tmp/speech.wav" synth 0.25 sine 180 sine 220 : synth 0.15 sine 0 repeat $(( seconds * 7 ))
fi
sox "$tmp/speech.wav" "$tmp/cut.wav" trim 0 "$seconds" pad 0 "$seconds"
sox "$tmp/cut.wav" "$tmp/cut2.wav" trim 0 "$seconds"
sox -n -r 16000 -c 1 -b 16 "$tmp/noise.wav" synth "$seconds" pinknoise vol 0.02
sox -m "$tmp/cut2.wav" "$tmp/noise.wav" -r 16000 -c 1 -b 16 "$out"
echo "make-clip.sh: wrote $out ($(soxi -D "$out") s)" >&2
