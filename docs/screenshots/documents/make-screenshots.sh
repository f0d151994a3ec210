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
rm -f "$here"/*-[0-9]*.png
for pdf in "$tmp"/*.pdf; do
  kind=$(basename "$pdf" .pdf)
  pdftoppm -q -png -r 70 "$pdf" "$here/$kind"
done
ls "$here"/*.png
# The editor with its live preview (tests/test-documents-gui.c), in Dutch, under a virtual
# display.
ninja -C "$build" tests/test-documents-gui po/nl/LC_MESSAGES/routeboek.mo >/dev/null
ROUTEBOEK_KEEP_PNG="$here/editor.png" ROUTEBOEK_LOCALEDIR="$build/po" GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
  GSETTINGS_BACKEND=memory xvfb-run -a -s "-screen 0 1920x1080x24" \
  "$build/tests/test-documents-gui" -p /documents-gui/editor/form-and-export >/dev/null
ls "$here/editor.png"
