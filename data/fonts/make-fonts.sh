#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the shipped fonts from Debian's fonts-dejavu-core with python3-fonttools:
# the scripts a pupil's name can be written in here (Latin with every European and
# Vietnamese diacritic, Greek, Cyrillic), punctuation and the ballot boxes of the forms.
# Hinting and OpenType layout tables are dropped: libharu uses neither, and they would
# make every PDF larger.
set -eu
cd "$(dirname "$0")"
UNICODES='U+0020-007E,U+00A0-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-215F,U+2190-21FF,U+2200-22FF,U+2500-257F,U+25A0-25FF,U+2610-2612,U+2713-2718,U+FB00-FB06,U+FFFD'
for name in DejaVuSans DejaVuSans-Bold; do
  python3 -m fontTools.subset "/usr/share/fonts/truetype/dejavu/$name.ttf" \
    --unicodes="$UNICODES" --no-hinting --layout-features='' \
    --drop-tables+=GSUB,GPOS,GDEF,kern,FFTM,MATH,gasp --no-glyph-names \
    --name-IDs='0,1,2,3,4,5,6,13,14' --notdef-outline --output-file="$name.ttf"
  # libharu's subsetting copies a composite glyph's components but not theirs: a glyph
  # built from composites (ễ = e + ̂ + ̃) would print as its base letter. Flatten them.
  python3 - "$name.ttf" <<'PY'
import sys
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

font = TTFont(sys.argv[1])
glyf, glyphs = font["glyf"], font.getGlyphSet()
for name in list(glyf.keys()):
    glyph = glyf[name]
    if glyph.isComposite() and any(glyf[c.glyphName].isComposite() for c in glyph.components):
        recording = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(pen)
        glyf[name] = pen.glyph()
font.save(sys.argv[1])
PY
done
