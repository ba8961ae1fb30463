"""The 10th meeting of the Liberec "Sociální služby" group (seed 001), with its venue."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from meetings.agenda.models import AgendaItem
from meetings.extensions import db

from .. import factories

#: Item titles of the 10th meeting (seed 001), item 2 with its topics a)–e).
SEED_ITEMS = [
    "Příprava rozšířeného jednání pracovní skupiny sociální na téma „Sociální podnikání "
    "v Libereckém kraji“",
    "Stanovení odborného obsahu rozšířeného setkání skupiny",
    "Zajištění příkladů dobré praxe z jiných krajů a ze zahraničí",
    "Výběr účastníků rozšířeného setkání",
    "Zajištění prostor pro přípravné jednání",
    "Přípravné setkání se zástupci Libereckého kraje",
]
SEED_SUB_ITEMS = [
    "Zahájení kulatého stolu, aktuální informace k tématu sociálního podnikání",
    "Sociální ekonomika v ČR a krajské sociální podniky – příklady dobré praxe a možnost "
    "jejich implementace v Libereckém kraji",
    "Sociálně podnikatelská platforma ANNOLK s Platformou NNO aR – možnosti spolupráce a "
    "vzdělávání",
    "Filantropická burza v Libereckém kraji – možnosti založení a přínos",
    "Cíle rozvoje a podpory sociálního podnikání a sociální ekonomiky v Libereckém kraji, ČR "
    "a EU pro období 2018–2020",
]

#: A real 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)


def real_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def real_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"/>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows executable."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def liberec(people):
    """The group's 10th meeting, 20 March 2018, 10:00–12:00 at ANNOLK, no agenda yet."""
    group = people.group
    group.adds_minutes_approval_item = False
    group.adds_action_review_item = False
    venue = factories.make_venue(
        "ANNOLK",
        street="U Nisy 362/6",
        postcode="460 01",
        city="Liberec",
        room="zasedací místnost 2. patro",
    )
    meeting = factories.make_meeting(
        group,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
        hours=2,
        number=10,
        title="10. setkání Odborné pracovní skupiny Sociální služby",
        venue=venue,
    )
    group.meeting_counter = 10
    db.session.flush()
    return meeting


def add_items(meeting, titles, parent=None, durations=None):
    """Items made directly (for tests of what is shown, not of how it is built)."""
    made = []
    for position, title in enumerate(titles):
        item = AgendaItem(
            meeting=meeting,
            parent=parent,
            position=position,
            title=title,
            duration_minutes=(durations or {}).get(position),
        )
        db.session.add(item)
        made.append(item)
    db.session.flush()
    return made
