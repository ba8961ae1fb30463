"""The demo's documents read in the order they are printed: the published minutes of the
10th Liberec meeting, and the agenda, the invitation letter and the attendance sheet of the
11th. Each passes the PDF/A-3a and PDF/UA-1 checks; each piece of marked content on a page
belongs to exactly one element of the structure tree (the page margins, running heads and
page numbers, are artifacts); and the text in the tree's order — what a screen reader reads
— is the text in the pages' order, landmark by landmark."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AgendaItem, Meeting, Minutes, User, WorkingGroup
from meetings.storage import services as storage

from ..conftest import get_document
from .test_archival import conformance_failures

LETTERHEAD = "Pakt zaměstnanosti Libereckého kraje"
FUNDING = "Tento projekt je spolufinancován Evropskou unií"

#: A marked-content sequence: (page index, MCID).
Mark = tuple[int, int]


def _bytes(string: bytes | str) -> bytes:
    # pypdf reads a string that happens to decode as text as a TextStringObject.
    return string if isinstance(string, bytes) else string.original_bytes


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """A Type0 font's codes and their text, from its ToUnicode map."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = chr(int(target, 16) + offset)
    return mapping


def _marked_content(reader: PdfReader, index: int) -> tuple[list[int], dict[int, str]]:
    """The MCIDs of a page in the order its content stream paints them, and the text shown
    in each (the documents' fonts are two-byte Type0 fonts with a ToUnicode map)."""
    page = reader.pages[index]
    fonts = page["/Resources"]["/Font"]
    maps: dict[str, dict[int, str]] = {}
    current: dict[int, str] = {}
    open_marks: list[int | None] = []
    order: list[int] = []
    texts: dict[int, str] = {}
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" else None
            mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
            open_marks.append(None if mcid is None else int(mcid))
            if mcid is not None:
                order.append(int(mcid))
                texts[int(mcid)] = ""
        elif operator == b"EMC":
            open_marks.pop()
        elif operator == b"Tf":
            name = operands[0]
            if name not in maps:
                maps[name] = _to_unicode(fonts[name].get_object())
            current = maps[name]
        elif operator in (b"Tj", b"TJ"):
            shown = operands[0] if operator == b"TJ" else [operands[0]]
            raw = b"".join(_bytes(p) for p in shown if isinstance(p, (bytes, str)))
            text = "".join(
                current.get(int.from_bytes(raw[i : i + 2]), "\ufffd") for i in range(0, len(raw), 2)
            )
            mark = next((m for m in reversed(open_marks) if m is not None), None)
            if mark is not None:
                texts[mark] += text
    return order, texts


def _structure_order(reader: PdfReader) -> list[Mark]:
    """The marked content the structure tree refers to, in the tree's order."""
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found: list[Mark] = []

    def walk(node, page: int | None) -> None:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, page)
        elif isinstance(node, int):
            found.append((page, int(node)))
        elif isinstance(node, DictionaryObject):
            if "/Pg" in node:
                page = pages[node.raw_get("/Pg").idnum]
            if node.get("/Type") == "/MCR":  # a reference (its /Pg was read above)
                found.append((page, int(node["/MCID"])))
            elif node.get("/Type") != "/OBJR" and "/K" in node:
                walk(node["/K"], page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], None)
    return found


@dataclass
class ReadingOrder:
    #: The marks the tree refers to, more than once: none, when each is one element's.
    shared: list[Mark]
    #: The marks painted on the pages and the marks the tree refers to, each sorted.
    painted: list[Mark]
    tagged: list[Mark]
    #: The marks that show text, in the tree's order and in the pages' order.
    text_in_tree_order: list[Mark]
    text_in_page_order: list[Mark]
    #: All the text, read in the tree's order and (pypdf) page by page.
    tree_text: str
    page_text: str


def _reading_order(data: bytes) -> ReadingOrder:
    reader = PdfReader(io.BytesIO(data))
    tree = _structure_order(reader)
    painted: list[Mark] = []
    texts: dict[Mark, str] = {}
    for index in range(len(reader.pages)):
        order, shown = _marked_content(reader, index)
        painted += [(index, mcid) for mcid in order]
        texts.update({(index, mcid): text for mcid, text in shown.items()})

    def with_text(marks: list[Mark]) -> list[Mark]:
        return [m for m in marks if texts.get(m, "").strip()]

    def words(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    return ReadingOrder(
        shared=[mark for mark, count in Counter(tree).items() if count > 1],
        painted=sorted(painted),
        tagged=sorted(tree),
        text_in_tree_order=with_text(tree),
        text_in_page_order=with_text(painted),
        tree_text=words(" ".join(texts.get(m, "") for m in tree)),
        page_text=words(" ".join(page.extract_text() for page in reader.pages)),
    )


def _positions(text: str, landmarks: list[str]) -> list[int]:
    """Where each landmark first appears after the one before it (-1: not there)."""
    positions, start = [], 0
    for landmark in landmarks:
        found = text.find(landmark, start)
        positions.append(found)
        start = max(found, start)
    return positions


def _meeting(number: int) -> Meeting:
    return db.session.scalars(
        select(Meeting)
        .join(Meeting.group)
        .where(WorkingGroup.slug == "pzlk-socialni-sluzby", Meeting.number == number)
    ).one()


def _item_titles(meeting: Meeting) -> list[str]:
    """The agenda's top-level items, in their numbers' order."""
    return list(
        db.session.scalars(
            select(AgendaItem.title)
            .where(AgendaItem.meeting_id == meeting.id, AgendaItem.parent_id.is_(None))
            .order_by(AgendaItem.position)
        )
    )


def test_the_demos_documents_read_in_the_order_they_are_printed(app, db_session, login_as):
    app.test_cli_runner().invoke(args=["demo"])
    tenth, eleventh = _meeting(10), _meeting(11)
    published = db.session.scalars(
        select(Minutes).where(Minutes.meeting_id == tenth.id, Minutes.pdf_file_id.is_not(None))
    ).one()
    client = login_as(db.session.scalar(select(User).where(User.email == "assistant@demo.example")))
    fetched = {
        name: get_document(client, f"/meetings/{eleventh.id}/{name}.pdf")
        for name in ("agenda", "invitation", "attendance-sheet")
    }
    assert {name: r.status_code for name, r in fetched.items()} == dict.fromkeys(fetched, 200)
    documents = {"minutes": storage.read(published.pdf_file)} | {
        name: r.data for name, r in fetched.items()
    }
    tenth_items, eleventh_items = _item_titles(tenth), _item_titles(eleventh)
    landmarks = {
        "minutes": [
            LETTERHEAD,
            "Zápis z jednání",
            tenth.title,
            "Průběh jednání",
            *tenth_items,
            "Usnesení",
            "Úkoly",
            "Schválení",
            FUNDING,
        ],
        "agenda": [LETTERHEAD, eleventh.title, "Program jednání", *eleventh_items, FUNDING],
        "invitation": [
            LETTERHEAD,
            "Pozvánka",
            eleventh.title,
            "Program jednání",
            *eleventh_items,
            "Vaše odpověď",
            FUNDING,
        ],
        "attendance-sheet": [
            LETTERHEAD,
            "Prezenční listina",
            eleventh.title,
            "Jméno",
            "Podpis",
            "Eva Nováková",
            FUNDING,
        ],
    }
    orders = {name: _reading_order(data) for name, data in documents.items()}

    assert len(tenth_items) > 3 and eleventh_items
    assert {name: conformance_failures(data) for name, data in documents.items()} == {
        name: {"3a": [], "ua1": []} for name in documents
    }
    for name, order in orders.items():
        found_in_tree = _positions(order.tree_text, landmarks[name])
        found_on_pages = _positions(order.page_text, landmarks[name])

        assert order.shared == [], name
        assert order.painted == order.tagged, name
        assert order.text_in_tree_order == order.text_in_page_order, name
        assert -1 not in found_in_tree and found_in_tree == sorted(found_in_tree), name
        assert -1 not in found_on_pages and found_on_pages == sorted(found_on_pages), name
