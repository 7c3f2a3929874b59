"""Build the PDF font (static/fonts/ForumsThai-*.ttf) from Sarabun so that Thai text copies as it prints.

Why (FIELD-NOTES, "Why Thai text copies wrong from the PDFs"): HarfBuzz's Thai shaper splits
SARA AM (ำ) into NIKHAHIT + SARA AA and, before a tone mark, puts the tone mark in one
cluster with them (Sarabun then joins NIKHAHIT and tone mark in one glyph, uni0E4D0E48…).
WeasyPrint writes one ToUnicode entry per glyph, taken from the cluster in which it first
meets the glyph: the last glyph of a cluster gets the cluster's text, the ones before it
nothing. So the glyph of า meant "า", "ำ" or "่ำ" in the whole PDF, whichever came first;
the NIKHAHIT meant nothing, and pdfplumber reads a glyph of no text as a word break.

The same happens to a tone mark stacked over an upper vowel (ทั้ง, ที่): Sarabun raises and
shifts it by mark-to-mark positioning, WeasyPrint draws it on its own with a text rise, and
pdftotext and pdfplumber, which place marks by where they are drawn, take it for the start
of a new word or put it before the vowel.

The fix joins each such cluster back into one glyph: NIKHAHIT + SARA AA becomes ``uni0E33.am``
("ำ"), NIKHAHIT-with-tone + SARA AA ``uni0E33.am48`` … ``uni0E33.am4B`` ("่ำ" … "๋ำ"), each
in a ``.narrow`` form too (after ป ฝ ฟ). Every glyph then has one text wherever it stands,
and WeasyPrint's map comes out right. Each upper vowel and the tone mark over it become one
mark glyph (``uni0E31_uni0E49.small``…) drawn as Sarabun's mark-to-mark positioning drew
them, and placed over its consonant as the vowel was. The new glyphs are composites of Sarabun's own: the
NIKHAHIT (or its ligature with the tone mark) where Sarabun's mark positioning puts it over
most consonants, and the SARA AA. The lookup runs after all of Sarabun's, so the
narrow forms and tone ligatures are chosen as before; the one difference on paper is the
NIKHAHIT's few-unit shift over some consonants (at most 16 of 1,000 units sideways, 32 up
over ฬ).

Sarabun is under the SIL Open Font License 1.1 (static/fonts/OFL.txt) with no Reserved Font
Name; the modified font still gets its own name, "Forums Thai", as the license's FAQ asks of
modified versions, and the license travels with it. Run ``make fonts`` (this module) after a
change here; tests/reports/test_copyable_font.py checks the committed files are its output.
"""

import copy
import os
import sys

from fontTools.otlLib.builder import buildLigatureSubstSubtable
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

FONTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "static", "fonts")
#: Source (Sarabun) → built file, per weight.
BUILDS = {
    "Sarabun_400Regular.ttf": ("ForumsThai-Regular.ttf", "Regular"),
    "Sarabun_700Bold.ttf": ("ForumsThai-Bold.ttf", "Bold"),
}
FAMILY = "Forums Thai"
POSTSCRIPT_FAMILY = "ForumsThai"

AA = "uni0E32"
#: Where Sarabun's mark positioning puts the NIKHAHIT over most consonants (กคงจดตทลวอ…),
#: in font units from the end of the consonant: the plain form and the narrow one.
NIKHAHIT_SHIFT = {"": -10, ".narrow": 0}
#: The upper vowels (MAI HAN-AKAT, SARA I, II, UE, UEE) and the marks stacked over them
#: (MAI EK … MAI CHATTAWA, THANTHAKHAT), by glyph name.
UPPER_VOWELS = ("uni0E31", "uni0E34", "uni0E35", "uni0E36", "uni0E37")
TONE_MARKS = ("uni0E48", "uni0E49", "uni0E4A", "uni0E4B", "uni0E4C")


def sara_am_ligatures():
    """{new glyph: (NIKHAHIT or NIKHAHIT-with-tone glyph, its shift)}, each followed by SARA AA."""
    ligatures = {}
    for form, shift in NIKHAHIT_SHIFT.items():
        ligatures[f"uni0E33.am{form}"] = (f"uni0E4D{form}", shift)
        for tone in ("48", "49", "4A", "4B"):
            ligatures[f"uni0E33.am{tone}{form}"] = (f"uni0E4D0E{tone}{form}", shift)
    return ligatures


def _component(name, x, y=0):
    component = GlyphComponent()
    component.glyphName, component.x, component.y = name, x, y
    component.flags = 0x4  # ROUND_XY_TO_GRID
    return component


def _add_ligature_glyph(font, name, mark, shift):
    """A glyph drawn as the mark (shifted) over SARA AA, with SARA AA's advance."""
    glyph = Glyph()
    glyph.numberOfContours, glyph.components = -1, [_component(mark, shift), _component(AA, 0)]
    glyph.components[1].flags |= 0x200  # USE_MY_METRICS: SARA AA's advance and side bearings
    font.setGlyphOrder([*font.getGlyphOrder(), name])
    font["glyf"][name] = glyph
    font["hmtx"][name] = font["hmtx"][AA]


def _mark_to_mark_lookup(font):
    """Sarabun's lookup that stacks Thai tone marks over upper vowels."""
    for lookup in font["GPOS"].table.LookupList.Lookup:
        if lookup.LookupType == 6 and any("uni0E31" in t.Mark2Coverage.glyphs for t in lookup.SubTable):
            return lookup.SubTable[0]
    raise LookupError("no mark-to-mark lookup for Thai upper vowels")


def stacked_marks(font):
    """{new glyph: (upper vowel, tone mark, x, y)}: each vowel and tone pair the font stacks,
    with where its mark-to-mark positioning puts the tone."""
    table = _mark_to_mark_lookup(font)
    tones = table.Mark1Coverage.glyphs
    vowels = table.Mark2Coverage.glyphs
    stacks = {}
    for vowel in vowels:
        if not vowel.startswith(UPPER_VOWELS):
            continue
        vowel_anchors = table.Mark2Array.Mark2Record[vowels.index(vowel)].Mark2Anchor
        for tone in tones:
            if not tone.startswith(TONE_MARKS):
                continue
            record = table.Mark1Array.MarkRecord[tones.index(tone)]
            anchor = vowel_anchors[record.Class]
            if anchor is not None:
                x = anchor.XCoordinate - record.MarkAnchor.XCoordinate
                y = anchor.YCoordinate - record.MarkAnchor.YCoordinate
                stacks[f"{vowel}_{tone}"] = (vowel, tone, x, y)
    return stacks


def _add_stacked_glyph(font, name, vowel, tone, x, y):
    """A mark glyph drawn as the vowel with the tone mark over it, placed over a consonant as the vowel is."""
    glyph = Glyph()
    glyph.numberOfContours, glyph.components = -1, [_component(vowel, 0), _component(tone, x, y)]
    glyph.components[0].flags |= 0x200  # USE_MY_METRICS
    font.setGlyphOrder([*font.getGlyphOrder(), name])
    font["glyf"][name] = glyph
    font["hmtx"][name] = font["hmtx"][vowel]
    gdef = font["GDEF"].table
    for class_def in (gdef.GlyphClassDef, getattr(gdef, "MarkAttachClassDef", None)):
        if class_def is not None and vowel in class_def.classDefs:
            class_def.classDefs[name] = class_def.classDefs[vowel]


def _position_as(font, copies):
    """Each new mark takes its model's anchors wherever the model is positioned as a mark.

    A new glyph is last in the glyph order, so appending it keeps each coverage sorted.
    """
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            for coverage_name, array_name in (("MarkCoverage", "MarkArray"), ("Mark1Coverage", "Mark1Array")):
                coverage = getattr(table, coverage_name, None)
                if coverage is None:
                    continue
                array = getattr(table, array_name)
                for name, model in copies.items():
                    if model in coverage.glyphs:
                        array.MarkRecord.append(copy.deepcopy(array.MarkRecord[coverage.glyphs.index(model)]))
                        coverage.glyphs.append(name)
                array.MarkCount = len(array.MarkRecord)


def _add_ligature_lookup(font, ligatures, stacks):
    """Append the ligature lookup to ccmp; lookups run in list order, so it comes after Sarabun's own."""
    lookups = font["GSUB"].table.LookupList
    lookup = otTables.Lookup()
    lookup.LookupType, lookup.LookupFlag = 4, 0
    components = {(mark, AA): name for name, (mark, _) in ligatures.items()}
    components.update({(vowel, tone): name for name, (vowel, tone, _, _) in stacks.items()})
    lookup.SubTable = [buildLigatureSubstSubtable(components)]
    lookup.SubTableCount = 1
    lookups.Lookup.append(lookup)
    lookups.LookupCount = len(lookups.Lookup)
    index = lookups.LookupCount - 1
    for record in font["GSUB"].table.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(index)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def _rename(font, style):
    """The modified font's own name (OFL 1.1: a modified version is told apart from the original)."""
    name = font["name"]
    names = {
        1: FAMILY,
        3: f"{POSTSCRIPT_FAMILY}-{style};modified from Sarabun 1.000",
        4: f"{FAMILY} {style}",
        6: f"{POSTSCRIPT_FAMILY}-{style}",
    }
    version = name.getDebugName(5)
    names[5] = f"{version}; Sarabun modified so that SARA AM copies as text (tools/copyable_font.py)"
    for record in list(name.names):
        if record.nameID in names:
            name.setName(
                names[record.nameID], record.nameID, record.platformID, record.platEncID, record.langID
            )
        elif record.nameID in (16, 17):
            name.removeNames(nameID=record.nameID)


def build(source, style):
    """The modified font (a fontTools TTFont) made from a Sarabun TTF."""
    font = TTFont(source, recalcTimestamp=False)
    ligatures = sara_am_ligatures()
    for name, (mark, shift) in ligatures.items():
        _add_ligature_glyph(font, name, mark, shift)
    stacks = stacked_marks(font)
    for name, stack in stacks.items():
        _add_stacked_glyph(font, name, *stack)
    _position_as(font, {name: vowel for name, (vowel, *_) in stacks.items()})
    _add_ligature_lookup(font, ligatures, stacks)
    _rename(font, style)
    return font


def main(folder=FONTS):
    for source, (target, style) in BUILDS.items():
        build(os.path.join(folder, source), style).save(os.path.join(folder, target))
        print(os.path.join(folder, target))


if __name__ == "__main__":
    main(*sys.argv[1:])
