#!/usr/bin/env bash
# Single-thread decode and resample speed (× real time) and 600 s decode allocation; prints a Markdown table.
#   scripts/bench-decode.sh [--formats-only]
# With ffmpeg and espeak-ng on the PATH it first makes a 600 s file of speech in every compressed format
# (target/bench-formats/, once; ordinary bit rates: MP3 128k, Vorbis q4, Opus 32k, AAC 96k, 44.1 kHz stereo
# except WebM Opus, which is mono as browsers record it) and times sniff + decode + mix + resample to 16 kHz of each.
set -euo pipefail
cd "$(dirname "$0")/.."
formats=target/bench-formats
if command -v ffmpeg >/dev/null && command -v espeak-ng >/dev/null && [ ! -f "$formats/.done" ]; then
  mkdir -p "$formats"
  tmp="$(mktemp -d)"
  espeak-ng -s 160 -w "$tmp/speech.wav" "Every audio file a user has: recordings from phones, browsers, \
messaging apps, podcasts and archives. The service should listen to all of them without a conversion first."
  ffmpeg -loglevel error -y -stream_loop -1 -i "$tmp/speech.wav" -t 600 -ar 44100 -ac 2 "$tmp/s600.wav"
  ffmpeg -loglevel error -y -i "$tmp/s600.wav" -c:a flac "$formats/s600.flac"
  ffmpeg -loglevel error -y -i "$tmp/s600.wav" -c:a libmp3lame -b:a 128k "$formats/s600.mp3"
  ffmpeg -loglevel error -y -i "$tmp/s600.wav" -c:a libvorbis -q:a 4 "$formats/s600-vorbis.ogg"
  ffmpeg -loglevel error -y -i "$tmp/s600.wav" -c:a libopus -b:a 32k "$formats/s600-opus.ogg"
  ffmpeg -loglevel error -y -i "$tmp/s600.wav" -ac 1 -c:a libopus -b:a 32k "$formats/s600-opus.webm"
  ffmpeg -loglevel error -y -i "$tmp/s600.wav" -c:a libvorbis -q:a 4 "$formats/s600-vorbis.webm"
  ffmpeg -loglevel error -y -i "$tmp/s600.wav" -c:a aac -b:a 96k "$formats/s600.m4a"
  rm -rf "$tmp"
  touch "$formats/.done"
fi
args=()
[ -f "$formats/.done" ] && args+=("$formats")
[ "${1:-}" = "--formats-only" ] && args+=("--formats-only")
mvn -B -q -pl engine test-compile -Dsilero.skip=true >/dev/null
cp="engine/target/classes:engine/target/test-classes:$(mvn -B -q -pl engine dependency:build-classpath \
  -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)"
exec java -Xmx2g -XX:+UseSerialGC -cp "$cp" io.audioinsight.audio.decode.DecodeBenchmark "${args[@]}"
