#!/usr/bin/env bash
# How far each compressed format moves the analysis from the WAV's (issue 18's target: speech_ratio within 0.03,
# snr_db within 1 dB, speaker_count exact). Encodes every WAV under CORPUS_DIR (scripts/make-corpus.sh) at the
# ordinary bit rates (MP3 128k, Opus 32k, AAC 96k, Vorbis q4) beside it as NAME.wav.EXT, then compares.
#   scripts/format-agreement.sh CORPUS_DIR [PER_FILE_TSV]     the second argument: one line per file and format there
set -euo pipefail
dir="${1:?usage: scripts/format-agreement.sh CORPUS_DIR [PER_FILE_TSV]}"
per_file="${2:+$(realpath -m "$2")}"
cd "$(dirname "$0")/.."
# the speech sets only (edge/ holds deliberately broken WAVs)
find "$dir"/single "$dir"/speakers -name '*.wav' | while read -r wav; do
  [ -f "$wav.mp3" ] || ffmpeg -loglevel error -y -i "$wav" -c:a libmp3lame -b:a 128k "$wav.mp3" </dev/null
  [ -f "$wav.opus" ] || ffmpeg -loglevel error -y -i "$wav" -c:a libopus -b:a 32k -f ogg "$wav.opus" </dev/null
  [ -f "$wav.m4a" ] || ffmpeg -loglevel error -y -i "$wav" -c:a aac -b:a 96k "$wav.m4a" </dev/null
  [ -f "$wav.ogg" ] || ffmpeg -loglevel error -y -i "$wav" -c:a libvorbis -q:a 4 "$wav.ogg" </dev/null
done
mvn -B -q -pl engine test-compile -Dsilero.skip=true >/dev/null
# the class path through a file: Maven's own colour codes would end up in it when written to stdout
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -pl engine dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime
cp="engine/target/classes:engine/target/test-classes:$(cat "$cpfile")"
java -Xmx2g -cp "$cp" io.audioinsight.audio.FormatAgreement "$dir" ${per_file:+"$per_file"}
