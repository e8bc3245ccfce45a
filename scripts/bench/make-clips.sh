#!/usr/bin/env bash
# Writes the benchmark clips: target/bench/clip-10s.wav and clip-60s.wav (16 kHz mono 16-bit):
# espeak-ng speech with pauses, looped to length, mixed with white noise ~20 dB below the speech.
# Needs espeak-ng and sox. Idempotent: existing clips are kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/bench
mkdir -p "$out"
[[ -f $out/clip-10s.wav && -f $out/clip-60s.wav ]] && exit 0
command -v espeak-ng >/dev/null && command -v sox >/dev/null || { echo "make-clips: needs espeak-ng and sox" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en -s 150 -w "$tmp/a.wav" "The quick brown fox jumps over the lazy dog while the radio plays in the kitchen."
espeak-ng -v en+f3 -s 165 -w "$tmp/b.wav" "Could you send me the report before the meeting starts tomorrow morning, please?"
sox "$tmp/a.wav" -r 16000 -c 1 -b 16 "$tmp/a16.wav" pad 0 0.7
sox "$tmp/b.wav" -r 16000 -c 1 -b 16 "$tmp/b16.wav" pad 0 0.9
sox "$tmp/a16.wav" "$tmp/b16.wav" "$tmp/pair.wav"
for len in 10 60; do
  sox "$tmp/pair.wav" "$tmp/speech$len.wav" repeat 20 trim 0 "$len"
  sox -n -r 16000 -c 1 -b 16 "$tmp/noise$len.wav" synth "$len" whitenoise vol 0.01
  sox -m "$tmp/speech$len.wav" "$tmp/noise$len.wav" -b 16 "$out/clip-${len}s.wav"
done
ls -l "$out"/clip-*.wav
