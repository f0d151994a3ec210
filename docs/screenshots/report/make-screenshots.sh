#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the quarterly report of tests/fixtures/report-swv.json for 2026Q3, in Dutch, to
# PNG pages in this folder (through the CLI, as a regisseur exports it), and the Reports
# page showing the same quarter (tests/test-reports-gui.c) under a virtual display.
# Usage: docs/screenshots/report/make-screenshots.sh BUILD_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ninja -C "$build" src/cli/routeboek-cli tests/test-reports-gui po/nl/LC_MESSAGES/routeboek.mo \
  >/dev/null
export LANGUAGE=nl ROUTEBOEK_LOCALEDIR="$build/po" GSETTINGS_BACKEND=memory \
  ROUTEBOEK_FIXTURES="$root/tests/fixtures"
cli="$build/src/cli/routeboek-cli"
"$cli" --db "$tmp/swv.db" load "$root/tests/fixtures/report-swv.json" >/dev/null
"$cli" --db "$tmp/swv.db" report --quarter 2026Q3 --pdf "$tmp/kwartaalrapportage-2026q3.pdf" \
  >/dev/null
qpdf --check "$tmp/kwartaalrapportage-2026q3.pdf" >/dev/null
rm -f "$here"/kwartaalrapportage-2026q3-*.png
pdftoppm -q -png -r 70 "$tmp/kwartaalrapportage-2026q3.pdf" "$here/kwartaalrapportage-2026q3"
ls "$here"/kwartaalrapportage-2026q3-*.png
# The Reports page, light and dark: the chart drawn from the same description as the PDF's.
ROUTEBOEK_SCREENSHOT_DIR="$here" GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none \
  NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1920x1080x24" \
  "$build/tests/test-reports-gui" -p /reports-gui/chart >/dev/null
ls "$here"/reports-page-*.png
