"""The attendance sheet to sign (prezenční listina): the demo's 11th Liberec meeting lists
every invitee with organisation and role, each with an empty signature cell, and blank
rows for people who come unannounced; the PDF is PDF/A-3a and PDF/UA-1."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from sqlalchemy import select

from meetings.auth.models import User
from meetings.extensions import db
from meetings.invitations.models import Invitation
from meetings.models import Meeting, WorkingGroup

from ..conftest import get_document
from ..documents.test_archival import conformance_failures


def _table_rows(reader: PdfReader) -> list[list[str]]:
    """Each table row of the tagged PDF as a screen reader meets it: the structure tree's
    rows (TR) in order, each cell's text gathered from the marked content it points at."""
    marked: dict[tuple[int, int], list[str]] = {}
    for number, page in enumerate(reader.pages):
        current: list[int | None] = [None]

        def before(operator, operands, cm, tm, current=current):
            if operator == b"BDC" and isinstance(operands[1], DictionaryObject):
                current[0] = operands[1].get("/MCID")
            elif operator == b"EMC":
                current[0] = None

        def text(value, cm, tm, font, size, current=current, number=number):
            if current[0] is not None:
                marked.setdefault((number, int(current[0])), []).append(value)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    pages = [page.indirect_reference.idnum for page in reader.pages]

    def kids(element) -> list:
        found = element.get_object().get("/K")
        return [] if found is None else found if isinstance(found, ArrayObject) else [found]

    def words(element, page=None) -> str:
        element = element.get_object()
        page = element.get("/Pg", page)
        said = []
        for kid in kids(element):
            if isinstance(kid, int):
                said.append("".join(marked.get((pages.index(page.idnum), kid), [])))
            elif "/S" in kid.get_object():
                said.append(words(kid, page))
        return " ".join(w.strip() for w in said if w.strip())

    rows: list[list[str]] = []

    def walk(element) -> None:
        if element.get_object().get("/S") == "/TR":
            rows.append([words(cell) for cell in kids(element)])
            return
        for kid in kids(element):
            if not isinstance(kid, int) and "/S" in kid.get_object():
                walk(kid)

    for top in kids(reader.trailer["/Root"]["/StructTreeRoot"]):
        walk(top)
    return rows


def test_the_11th_meetings_sheet_lists_every_invitee_with_an_empty_signature_cell(
    app, db_session, login_as
):
    app.test_cli_runner().invoke(args=["demo"])
    meeting = db.session.scalar(
        select(Meeting)
        .join(Meeting.group)
        .where(WorkingGroup.slug == "pzlk-socialni-sluzby", Meeting.number == 11)
    )
    invitees = db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id)
    ).all()
    names = sorted(i.user.name if i.user else i.name for i in invitees)
    assert len(names) == 5  # three members and two guests of the region
    assistant = db.session.scalar(select(User).where(User.email == "assistant@demo.example"))

    response = get_document(login_as(assistant), f"/meetings/{meeting.id}/attendance-sheet.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    sheet = [row for row in _table_rows(reader) if len(row) == 5]  # not the facts' rows
    header, body = sheet[0], sheet[1:]
    listed = [row for row in body if row[1]]

    assert response.mimetype == "application/pdf"
    assert "Prezenční listina" in text and "11. setkání" in text
    assert header == ["Č.", "Jméno", "Organizace", "Role", "Podpis"]
    assert sorted(row[1] for row in listed) == names
    assert all(row[4] == "" for row in body)  # every signature cell empty
    assert "Předsedkyně" in [row[3] for row in listed]  # Jana Dvořáková, the chair
    assert [row[0] for row in body] == [f"{n}." for n in range(1, len(body) + 1)]
    assert len(body) - len(listed) == 5  # rows for people who come unannounced
    assert conformance_failures(response.data) == {"3a": [], "ua1": []}
    assert re.search(
        r'filename="?attendance-sheet-11\.pdf', response.headers["Content-Disposition"]
    )
