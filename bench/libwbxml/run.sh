#!/usr/bin/env bash
# Builds and runs the libwbxml in-process baseline on the same files as bench/codec.ts (default: the
# shared corpus), so the codec's figures can be compared with the field's C library on this machine.
# Needs: cc, pkg-config and libwbxml2-dev (apt-get install libwbxml2-dev).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cc -O2 -o "$out/baseline" "$here/baseline.c" $(pkg-config --cflags --libs libwbxml2)
if (($# == 0)); then set -- "$here"/../../../shared/corpus/*.xml; fi
"$out/baseline" "$@"
