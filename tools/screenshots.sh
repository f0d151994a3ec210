#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates docs/screenshots/*.png (dashboard, case file, new-case and new-SWV assistants,
# preferences; light and dark; 1366×768; in Dutch) with the screenshot test, under a virtual
# display.
# Usage: tools/screenshots.sh [BUILD_DIR]   (default: build)
set -e
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
ninja -C "$build" tests/test-screenshots tests/test-route-gui po/nl/LC_MESSAGES/routeboek.mo \
  >/dev/null 2>&1 || ninja -C "$build" tests/test-screenshots tests/test-route-gui
mkdir -p docs/screenshots
ROUTEBOEK_SCREENSHOT_DIR="$(pwd)/docs/screenshots" LANGUAGE=nl \
ROUTEBOEK_LOCALEDIR="$build/po" GSETTINGS_BACKEND=memory \
GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/test-screenshots"
ls docs/screenshots/*.png
# The route checklist, the dashboard's next-step column and the route editor, per preset.
mkdir -p docs/screenshots/route
ROUTEBOEK_SCREENSHOT_DIR="$(pwd)/docs/screenshots/route" LANGUAGE=nl \
ROUTEBOEK_LOCALEDIR="$build/po" GSETTINGS_BACKEND=memory \
GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$build/tests/test-route-gui" >/dev/null
ls docs/screenshots/route/*.png
