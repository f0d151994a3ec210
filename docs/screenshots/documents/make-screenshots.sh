#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the PDFs of every document kind that tests/test-documents.c exports (filled for
# Şükrü Yılmaz-Öztürk, signed) to PNG pages in this folder.
# Usage: docs/screenshots/documents/make-screenshots.sh BUILD_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ninja -C "$build" tests/test-documents >/dev/null
ROUTEBOEK_KEEP_PDFS="$tmp" "$build/tests/test-documents" -p /documents/kind >/dev/null
rm -f "$here"/*.png
for pdf in "$tmp"/*.pdf; do
  kind=$(basename "$pdf" .pdf)
  pdftoppm -q -png -r 70 "$pdf" "$here/$kind"
done
ls "$here"/*.png
