"""The typeface of a visible signature: a TrueType font embedded as pyHanko does, with its
measures in the PDF's units.

pyHanko's ``GlyphAccumulator`` writes glyph widths (``/W``), kerning and the font's
descriptor in the font's own units: right for a font of 1000 units to the em, wrong for
DejaVu Sans (2048), whose letters would then be spaced twice as wide as drawn, and whose
widths PDF/A and PDF/UA validators reject. ``StampFont`` asks HarfBuzz for positions in
thousandths of an em and writes every width and metric in them. Its ToUnicode map lists
each glyph on its own (``bfchar``), which every reader and validator reads as text.

Imported only where PDFs are signed (it needs pyHanko's OpenType support).
"""

from __future__ import annotations

import io
from binascii import hexlify
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

#: The units of glyph space in a PDF font: 1000 to the em.
PDF_UNITS = 1000
#: A ToUnicode map may list at most 100 entries in one ``beginbfchar`` block.
_BFCHAR_BLOCK = 100


class StampFont(GlyphAccumulator):
    """pyHanko's glyph accumulator with its measures in thousandths of an em."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._font_units = self.units_per_em
        # HarfBuzz positions, and so the TJ adjustments and advances, in PDF units.
        self.hb_font.scale = (PDF_UNITS, PDF_UNITS)
        self.units_per_em = PDF_UNITS
        descriptor = self.cidfont_obj._font_descriptor
        for key in ("/Ascent", "/Descent", "/CapHeight"):
            if key in descriptor:
                descriptor[generic.pdf_name(key)] = generic.NumberObject(
                    self._scaled(int(descriptor[key]))
                )
        descriptor[generic.pdf_name("/FontBBox")] = generic.ArrayObject(
            generic.NumberObject(self._scaled(int(v))) for v in descriptor["/FontBBox"]
        )

    def _scaled(self, value: float) -> int:
        return round(value * PDF_UNITS / self._font_units)

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        if glyph_id not in self._glyphs:
            cid, width = super()._get_cid_and_width(glyph_id)
            self._glyphs[glyph_id] = (cid, self._scaled(width))
        return self._glyphs[glyph_id]

    def _format_tounicode_cmap(self) -> generic.StreamObject:
        pairs = sorted(self._cid_to_unicode.items())
        blocks = []
        for start in range(0, len(pairs), _BFCHAR_BLOCK):
            block = pairs[start : start + _BFCHAR_BLOCK]
            lines = [
                f"<{cid:04x}> <{hexlify(text.encode('utf-16be')).decode('ascii')}>"
                for cid, text in block
            ]
            blocks.append(f"{len(block)} beginbfchar\n" + "\n".join(lines) + "\nendbfchar\n")
        cmap = (
            "/CIDInit /ProcSet findresource begin\n"
            "12 dict begin\n"
            "begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n"
            "/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "".join(blocks)
            + "endcmap\n"
            "CMapName currentdict /CMap defineresource pop\n"
            "end\n"
            "end\n"
        )
        stream = generic.StreamObject(stream_data=cmap.encode("ascii"))
        stream.compress()
        return stream


@dataclass(frozen=True)
class StampFontFactory(FontEngineFactory):
    """Makes a ``StampFont`` from a TrueType or OpenType file, its text marked as being in
    ``lang`` (BCP 47)."""

    font_file: str
    font_size: int
    lang: str | None = None

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> StampFont:
        with open(self.font_file, "rb") as fh:
            # The accumulator keeps reading the font while the stamp is laid out.
            data = fh.read()
        return StampFont(
            writer=writer,
            font_handle=io.BytesIO(data),
            font_size=self.font_size,
            bcp47_lang_code=self.lang,
            obj_stream=obj_stream,
        )
