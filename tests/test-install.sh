#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson install --destdir` into a temporary folder installs everything a desktop needs:
# the two programs, the desktop file, the metainfo, the settings schema (which compiles
# strictly), the icons, the MIME type of bundles and the Dutch translation.
# Usage: test-install.sh BUILD_DIR APP_ID
set -eu

build=$1
app_id=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

fail () {
  echo "not ok - $*"
  exit 1
}

meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$dest/install.log" 2>&1 \
  || { cat "$dest/install.log"; fail "meson install failed"; }

# Wherever the prefix points, each file is there exactly once.
find_one () {
  found=$(find "$dest" -path "*/$1" -type f)
  [ -n "$found" ] || fail "not installed: $1"
  [ "$(echo "$found" | wc -l)" -eq 1 ] || fail "installed twice: $1"
  echo "$found"
}

for program in routeboek routeboek-cli; do
  path=$(find_one "bin/$program")
  [ -x "$path" ] || fail "$program is not executable"
done

desktop=$(find_one "share/applications/$app_id.desktop")
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop file does not validate"
fi
grep -q '^Exec=routeboek %F$' "$desktop" || fail "desktop file does not pass files to routeboek"

metainfo=$(find_one "share/metainfo/$app_id.metainfo.xml")
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$metainfo" >"$dest/appstream.log" 2>&1 \
    || { cat "$dest/appstream.log"; fail "metainfo does not validate"; }
fi

schema=$(find_one "share/glib-2.0/schemas/$app_id.gschema.xml")
glib-compile-schemas --strict --targetdir "$dest" "$(dirname "$schema")" \
  || fail "installed schemas do not compile"
[ -s "$dest/gschemas.compiled" ] || fail "no compiled schemas"

find_one "share/icons/hicolor/scalable/apps/$app_id.svg" >/dev/null
find_one "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" >/dev/null

# The desktop file claims the MIME type that the installed definition defines.
mime=$(find_one "share/mime/packages/$app_id.mime.xml")
type=$(sed -n 's/.*<mime-type type="\([^"]*\)".*/\1/p' "$mime")
[ -n "$type" ] || fail "no MIME type in $mime"
grep -q "^MimeType=.*$type;" "$desktop" || fail "desktop file does not open $type"
grep -q 'glob pattern="\*\.routeboek"' "$mime" || fail "bundles are not recognised by name"

mo=$(find_one "share/locale/nl/LC_MESSAGES/routeboek.mo")
if command -v msgunfmt >/dev/null; then
  [ "$(msgunfmt "$mo" | grep -c '^msgid ')" -gt 100 ] || fail "the Dutch translation is nearly empty"
fi

echo "ok - installed and valid"
