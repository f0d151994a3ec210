#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every string a user sees is marked for translation and translated: the sources that mark
# strings are in po/POTFILES, the UI files mark their texts, po/nl.po is well formed, and
# every string xgettext finds today has a Dutch translation in it.
# Usage: test-po.sh SOURCE_ROOT
set -eu

cd "$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

fail () {
  echo "# $*"
  status=1
}

# 1. Sources with marked strings are listed.
for file in $(grep -rlE '(^|[^a-zA-Z0-9_])(N?_|C_|NC_|ngettext|g_dngettext) ?\(' --include='*.c' src | sort) \
            $(grep -l 'translatable="yes"' ui/*.ui | sort); do
  grep -qx "$file" po/POTFILES || fail "$file marks strings but is not in po/POTFILES"
done
for file in $(grep -v '^#' po/POTFILES); do
  [ -f "$file" ] || fail "po/POTFILES lists $file, which does not exist"
done

# 2. UI texts are marked (translatable="no" says a text is not for translation).
if grep -nE '<(property|attribute) name="(label|title|tooltip-text|placeholder-text|subtitle|description|text)"[^>]*>[^<]' ui/*.ui \
   | grep -v 'translatable="yes"' | grep -v 'translatable="no"' >"$work/unmarked"; then
  while read -r line; do fail "not marked for translation: $line"; done <"$work/unmarked"
fi

# 3. The catalogue is well formed.
msgfmt --check --check-format -o /dev/null po/nl.po || fail "msgfmt --check po/nl.po failed"

# 4. Every string found today is translated, and not fuzzy.
xgettext --from-code=UTF-8 --add-comments --package-name=routeboek -o "$work/fresh.pot" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 -f po/POTFILES 2>"$work/xgettext.log" \
  || { cat "$work/xgettext.log"; fail "xgettext failed"; }
msgmerge --quiet --no-fuzzy-matching -o "$work/merged.po" po/nl.po "$work/fresh.pot"
msgattrib --untranslated --no-obsolete -o "$work/untranslated.po" "$work/merged.po"
msgattrib --only-fuzzy --no-obsolete -o "$work/fuzzy.po" "$work/merged.po"
for kind in untranslated fuzzy; do
  if [ -s "$work/$kind.po" ]; then
    # Less the catalogue's header.
    count=$(($(grep -c '^msgid ' "$work/$kind.po") - 1))
    fail "$kind in po/nl.po: $count strings"
    grep -A1 '^#:' "$work/$kind.po" | grep '^msgid' | head -40 | sed 's/^/#   /'
  fi
done

if [ $status -eq 0 ]; then
  echo "ok - every user-visible string is marked and translated"
else
  echo "not ok - translations incomplete (see above)"
fi
exit $status
