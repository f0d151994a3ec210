#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# PDF export: Routeboek's referral with verzuimoverzicht (3 pages) against LibreOffice
# converting an equivalent .odt, the way documents are made today, in the same run.
#
#   bench/bench-pdf.sh BUILD_DIR [RUNS]
#
# Needs libreoffice-writer (apt-get install libreoffice-writer; not part of ./dev) and
# poppler-utils. The .odt has the same text as the exported PDF (pdftotext), one
# paragraph per line in DejaVu Sans 9.5 pt, the verzuimoverzicht as a real table and the
# same page breaks. LibreOffice runs with a fresh profile that is warmed up once first.
set -eu
build=$(cd "${1:?usage: $0 BUILD_DIR [RUNS]}" && pwd)
runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v soffice >/dev/null || { echo "bench-pdf.sh: install libreoffice-writer first" >&2; exit 1; }

ninja -C "$build" bench/bench-pdf >/dev/null
XDG_CACHE_HOME="$tmp/cache" "$build/bench/bench-pdf" --runs 50 --absences 20 --out "$tmp" | tee "$tmp/routeboek.txt"

# The equivalent .odt, built from the exported PDF's own text.
pdftotext -q -layout -enc UTF-8 "$tmp/referral.pdf" "$tmp/referral.txt"
/usr/bin/python3 - "$tmp/referral.txt" "$tmp/referral.odt" <<'PY'
import re, sys, zipfile
from xml.sax.saxutils import escape
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
body = []
for number, page in enumerate(p for p in pages if p.strip()):
    style = "P" if number == 0 else "Break"
    rows = []
    for line in page.splitlines():
        cells = [c for c in re.split(r"\s{2,}", line.strip()) if c]
        if re.match(r"\d+ \w+ 20\d\d$", cells[0] if cells else "") and len(cells) >= 3:
            rows.append(cells)
            continue
        if rows:
            body.append("<table:table><table:table-column table:number-columns-repeated='4'/>" + "".join(
                "<table:table-row>" + "".join(
                    "<table:table-cell><text:p text:style-name='P'>%s</text:p></table:table-cell>" % escape(c)
                    for c in (r + [""] * 4)[:4]) + "</table:table-row>" for r in rows) + "</table:table>")
            rows = []
        body.append("<text:p text:style-name='%s'>%s</text:p>" % (style, escape(line.strip())))
        style = "P"
content = ("<?xml version='1.0' encoding='UTF-8'?><office:document-content "
    "xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0' "
    "xmlns:style='urn:oasis:names:tc:opendocument:xmlns:style:1.0' "
    "xmlns:text='urn:oasis:names:tc:opendocument:xmlns:text:1.0' "
    "xmlns:table='urn:oasis:names:tc:opendocument:xmlns:table:1.0' "
    "xmlns:fo='urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0' office:version='1.2'>"
    "<office:automatic-styles>"
    "<style:style style:name='P' style:family='paragraph'><style:text-properties style:font-name='DejaVu Sans' fo:font-size='9.5pt'/></style:style>"
    "<style:style style:name='Break' style:family='paragraph'><style:paragraph-properties fo:break-before='page'/>"
    "<style:text-properties style:font-name='DejaVu Sans' fo:font-size='9.5pt'/></style:style>"
    "</office:automatic-styles><office:font-face-decls/><office:body><office:text>"
    + "".join(body) + "</office:text></office:body></office:document-content>")
manifest = ("<?xml version='1.0' encoding='UTF-8'?><manifest:manifest "
    "xmlns:manifest='urn:oasis:names:tc:opendocument:xmlns:manifest:1.0' manifest:version='1.2'>"
    "<manifest:file-entry manifest:full-path='/' manifest:media-type='application/vnd.oasis.opendocument.text'/>"
    "<manifest:file-entry manifest:full-path='content.xml' manifest:media-type='text/xml'/></manifest:manifest>")
with zipfile.ZipFile(sys.argv[2], "w") as odt:
    odt.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    odt.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    odt.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
PY

profile="file://$tmp/lo-profile"
convert () { soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$tmp/lo" "$@" >/dev/null 2>&1; }
convert "$tmp/referral.odt"   # warm-up: creates the profile
lo_pages=$(pdfinfo "$tmp/lo/referral.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')

now () { date +%s.%N; }
single=""
for i in $(seq "$runs"); do
  start=$(now); convert "$tmp/referral.odt"; end=$(now)
  single="$single $(echo "$end - $start" | bc)"
done
median=$(echo $single | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

# Ten documents in one LibreOffice process: its start-up shared, the best case for it.
for i in $(seq 10); do cp "$tmp/referral.odt" "$tmp/copy$i.odt"; done
start=$(now); convert "$tmp"/copy*.odt; end=$(now)
batch=$(echo "($end - $start) / 10" | bc -l)

rb_ms=$(sed -n 's/.*referral_ms=\([0-9.]*\).*/\1/p' "$tmp/routeboek.txt")
printf 'libreoffice --headless --convert-to pdf, one document per process: %d pages, median %.0f ms (%d runs)\n' \
  "$lo_pages" "$(echo "$median * 1000" | bc -l)" "$runs"
printf 'libreoffice, 10 documents in one process: %.0f ms per document\n' "$(echo "$batch * 1000" | bc -l)"
printf 'Routeboek vs LibreOffice per process: %.0fx faster; vs LibreOffice batch: %.0fx faster\n' \
  "$(echo "$median * 1000 / $rb_ms" | bc -l)" "$(echo "$batch * 1000 / $rb_ms" | bc -l)"
