"""The visible signature of published minutes reads in the group's language: who signed
(the chair who approved them, in her or his form), as what, and when in the group's time
zone, in an embedded font that has the letters of every language the product speaks."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from meetings.groups.enums import Language
from meetings.i18n import GrammaticalGender
from meetings.minutes.publishing import SIGNATURE_FIELD, publish
from meetings.storage import services as storage

from .. import factories
from ..documents.test_archival import conformance_failures
from .conftest import validates

#: When the tests publish: 12 April 2018, 10:15 in Prague (8:15 UTC).
PUBLISHED = factories.local_time("Europe/Prague", 2018, 4, 12, 10, 15)


def _bytes(string: bytes | str) -> bytes:
    # pypdf reads a string that happens to decode as text as a TextStringObject.
    return string if isinstance(string, bytes) else string.original_bytes


def _appearance(data: bytes) -> tuple[list[str], list[int]]:
    """The lines of text drawn in the signature field's appearance (each shown string
    decoded through its font's ToUnicode map), and the glyph ids they are drawn with."""
    reader = PdfReader(io.BytesIO(data))
    [widget] = [
        a.get_object()
        for a in reader.pages[-1]["/Annots"]
        if a.get_object().get("/T") == SIGNATURE_FIELD
    ]
    stream = widget["/AP"]["/N"].get_object()
    fonts = stream["/Resources"]["/Font"]
    lines: list[str] = []
    glyphs: list[int] = []
    to_unicode: dict[int, str] = {}
    for operands, operator in ContentStream(stream, reader).operations:
        if operator == b"Tf":
            cmap = fonts[operands[0]].get_object()["/ToUnicode"].get_object().get_data()
            to_unicode = {
                int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
                for code, text in re.findall(rb"<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>", cmap)
            }
        elif operator in (b"Tj", b"TJ"):
            shown = operands[0] if operator == b"TJ" else [operands[0]]
            # Strings are shown as two-byte codes; numbers between them are spacing.
            raw = b"".join(_bytes(part) for part in shown if isinstance(part, (bytes, str)))
            codes = [int.from_bytes(raw[i : i + 2]) for i in range(0, len(raw), 2)]
            glyphs.extend(codes)
            lines.append("".join(to_unicode.get(code, "\ufffd") for code in codes))
    return lines, glyphs


def test_signature_reads_in_czech_with_the_chairs_name_role_and_date(seed_minutes, signing_key):
    seed_minutes.people.chair.grammatical_gender = GrammaticalGender.FEMININE
    signed = storage.read(publish(seed_minutes.minutes, key=signing_key, now=PUBLISHED))

    lines, glyphs = _appearance(signed)

    assert lines == [
        "Elektronicky podepsala: Jana Předsedová",
        "Předsedkyně, Sociální služby",
        "Datum: 12. 4. 2018 10:15",
    ]
    assert 0 not in glyphs  # no letter drawn as the font's "missing glyph" box
    assert validates(signed, signing_key) is True


def test_signature_of_a_chair_who_gave_no_gender_uses_the_neutral_forms(seed_minutes, signing_key):
    signed = storage.read(publish(seed_minutes.minutes, key=signing_key, now=PUBLISHED))

    lines, _glyphs = _appearance(signed)

    assert lines[:2] == [
        "Elektronicky podepsal(a): Jana Předsedová",
        "Předseda / předsedkyně, Sociální služby",
    ]


@pytest.mark.parametrize(
    ("language", "zone", "group", "chair", "gender", "expected"),
    [
        (
            Language.LV,
            "Europe/Riga",
            "Sociālo pakalpojumu darba grupa",
            "Ārija Bērziņa",
            GrammaticalGender.FEMININE,
            [
                "Elektroniski parakstīja: Ārija Bērziņa",
                "Priekšsēdētāja, Sociālo pakalpojumu darba grupa",
                "Datums: 2018. gada 12. apr. 11:15",
            ],
        ),
        (
            Language.HU,
            "Europe/Budapest",
            "Szociális gondoskodás",
            "Kőrösi Ödön",
            GrammaticalGender.MASCULINE,
            [
                "Elektronikusan aláírta: Kőrösi Ödön",
                "Elnök, Szociális gondoskodás",
                "Dátum: 2018. ápr. 12. 10:15",
            ],
        ),
    ],
)
def test_signature_keeps_latvian_and_hungarian_letters(
    seed_minutes, signing_key, language, zone, group, chair, gender, expected
):
    seed_minutes.group.language = language
    seed_minutes.group.timezone = zone
    seed_minutes.group.name = group
    seed_minutes.people.chair.name = chair
    seed_minutes.people.chair.grammatical_gender = gender
    signed = storage.read(publish(seed_minutes.minutes, key=signing_key, now=PUBLISHED))

    lines, glyphs = _appearance(signed)

    assert lines == expected
    assert 0 not in glyphs
    assert conformance_failures(signed) == {"3a": [], "ua1": []}
    assert validates(signed, signing_key) is True


def test_signature_field_is_described_by_its_words_for_screen_readers(seed_minutes, signing_key):
    seed_minutes.people.chair.grammatical_gender = GrammaticalGender.FEMININE
    signed = storage.read(publish(seed_minutes.minutes, key=signing_key, now=PUBLISHED))
    reader = PdfReader(io.BytesIO(signed))
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"]
    document = document[0].get_object() if isinstance(document, list) else document.get_object()
    [form] = [k.get_object() for k in document["/K"] if k.get_object().get("/S") == "/Form"]

    assert form["/Alt"] == (
        "Elektronicky podepsala: Jana Předsedová Předsedkyně, Sociální služby "
        "Datum: 12. 4. 2018 10:15"
    )
