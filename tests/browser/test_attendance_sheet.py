"""Issue acceptance (documents): the assistant prints the attendance sheet of a meeting
from its page (every invitee, an empty signature cell each); after the meeting she records
in the attendance register who signed, and the minutes' register shows it."""

from __future__ import annotations

import datetime as dt
import io
import time
import uuid

from flask import Flask
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from meetings.db import writer_transactions
from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.models import Invitation
from meetings.models import Meeting, User, WorkingGroup
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.numbering import next_meeting_number

from .conftest import sign_in, use_language

SIGNED = ["Jana Dvořáková", "Eva Nováková"]
NOT_SIGNED = "Petr Svoboda"
GUEST = "Ing. Petra Horáková"


def _held_meeting_with_invitees(app: Flask) -> int:
    """A held meeting of the Liberec group with the demo chair, assistant and member and a
    guest invited (answers given, nothing recorded); committed on the live server."""
    with app.app_context(), writer_transactions():
        group = db.session.scalars(
            select(WorkingGroup).where(WorkingGroup.slug == "pzlk-socialni-sluzby")
        ).one()
        starts = dt.datetime(2018, 4, 18, 8, tzinfo=dt.UTC)  # 10:00 in Liberec
        meeting = Meeting(
            group=group,
            number=next_meeting_number(db.session, group),
            title=f"Setkání s prezenční listinou {uuid.uuid4().hex[:8]}",
            status=MeetingStatus.HELD,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            timezone=group.timezone,
        )
        db.session.add(meeting)
        for email in ("chair@demo.example", "assistant@demo.example", "member@demo.example"):
            user = db.session.scalars(select(User).where(User.email == email)).one()
            db.session.add(Invitation(meeting=meeting, user=user, rsvp=Rsvp.ACCEPTED))
        db.session.add(Invitation(meeting=meeting, name=GUEST, email="horakova@kraj-lbc.example"))
        db.session.commit()
        return meeting.id


def test_the_sheet_is_printed_and_the_signatures_fill_the_register(page, live_server):
    meeting_id = _held_meeting_with_invitees(live_server.app)
    sign_in(page, "assistant@demo.example")
    use_language(page, "en")

    # Printed from the meeting page: the link opens the PDF (prepared by the worker).
    page.goto(f"/meetings/{meeting_id}")
    link = page.get_by_role("link", name="Attendance sheet to sign (PDF)")
    url = link.get_attribute("href")
    sheet = page.request.get(url)
    deadline = time.monotonic() + 120  # a safety net: rendering is slow on a busy machine
    while sheet.status == 202 and time.monotonic() < deadline:
        page.wait_for_timeout(200)  # polling the worker's result, as the waiting page does
        sheet = page.request.get(url)
    assert sheet.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(sheet.body())).pages
    )
    assert "Prezenční listina" in text and "Podpis" in text  # the group's language
    for name in [*SIGNED, NOT_SIGNED, GUEST]:
        assert name in text

    # After the meeting: who signed was present; the member who did not, excused.
    page.goto(f"/meetings/{meeting_id}/minutes/attendance")
    for name in SIGNED:
        page.get_by_label(f"Attendance of {name}", exact=True).select_option(label="Present")
    page.get_by_label(f"Attendance of {NOT_SIGNED}", exact=True).select_option(label="Excused")
    page.get_by_label(f"Attendance of {GUEST}", exact=True).select_option(label="Present")
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("The attendance register is saved.")).to_be_visible()

    page.goto(f"/meetings/{meeting_id}/minutes")
    register = page.locator("section[aria-labelledby='attendance-heading'] tbody tr")
    rows = {
        r.locator("th").inner_text().strip(): r.locator("td").last.inner_text().strip()
        for r in register.all()
    }
    assert rows == {
        "Jana Dvořáková": "Present",
        "Eva Nováková": "Present",
        "Petr Svoboda": "Excused",
        # The same register as its own page: a guest is marked as one.
        f"{GUEST} guest": "Present",
    }
