"""``flask demo`` publishes the demo's upcoming meetings with invitations to the demo people
and leaves the messages in the mail folder (no SMTP server configured)."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import Meeting, MeetingSeries, User
from meetings.scheduling.enums import MeetingStatus

from .conftest import calendar_of, recipient


@pytest.fixture
def mail_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setitem(app.config, "SMTP_HOST", "")
    monkeypatch.setitem(app.config, "MAIL_DIR", str(tmp_path / "mail"))
    return tmp_path / "mail"


def _messages(folder: Path):
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def test_demo_command_leaves_invitation_messages_in_the_mail_folder(app, db_session, mail_dir):
    result = app.test_cli_runner().invoke(args=["demo"])
    messages = [m for m in _messages(mail_dir) if m.get_content_type() == "multipart/mixed"]
    member = db.session.scalars(select(User).where(User.email == "member@demo.example")).one()
    assistant = db.session.scalars(select(User).where(User.email == "assistant@demo.example")).one()
    theirs = [m for m in messages if recipient(m) == member.email]
    # (method, UID, RECURRENCE-ID or None, SUMMARY) of every event the member was sent.
    sent = [
        (
            str(calendar_of(m)[1]["METHOD"]),
            str(event["UID"]),
            event["RECURRENCE-ID"].dt if "RECURRENCE-ID" in event else None,
            str(event["SUMMARY"]),
        )
        for m in theirs
        for event in calendar_of(m)[1].walk("VEVENT")
    ]
    series = db.session.scalars(select(MeetingSeries)).one()
    occurrences = sorted(series.meetings, key=lambda m: m.recurrence_at)
    singles = db.session.scalars(
        select(Meeting).where(
            Meeting.title.in_(
                [
                    "13. setkání pracovní skupiny Sociální služby",
                    "14. setkání pracovní skupiny Sociální služby",
                ]
            )
        )
    ).all()

    assert result.exit_code == 0, result.output
    assert not [m for m in messages if recipient(m) == assistant.email]  # she organises
    assert {(s.number, s.status) for s in singles} == {
        (13, MeetingStatus.SCHEDULED),
        (14, MeetingStatus.SCHEDULED),
    }
    for single in singles:
        assert ("REQUEST", single.uid, None, single.title) in sent
    # The 13th meeting is hybrid: its online link is the invitation's CONFERENCE.
    conferences = {
        str(event["SUMMARY"]): str(event["CONFERENCE"])
        for m in theirs
        for event in calendar_of(m)[1].walk("VEVENT")
        if "CONFERENCE" in event
    }
    assert conferences == {
        "13. setkání pracovní skupiny Sociální služby": "https://meet.jit.si/PZLK-Socialni-sluzby-13"
    }
    # The Liberec group's invitations carry its invitation letter (Pozvánka).
    letters = [
        part.get_filename()
        for m in theirs
        for part in m.walk()
        if part.get_content_type() == "application/pdf"
    ]
    # (Also that of the pact's joint meeting it hosts, to which the member is invited.)
    assert sorted(letters) == sorted(
        [
            *(
                f"pozvanka-{single.number}-setkani-pracovni-skupiny-socialni-sluzby.pdf"
                for single in singles
            ),
            "pozvanka-spolecne-setkani-pracovnich-skupin-pzlk-akcni-plan-paktu.pdf",
        ]
    )
    # The series: one invitation with the master and its six meetings' instances …
    assert ("REQUEST", series.uid, None, series.title) in sent
    for occurrence in occurrences:
        assert ("REQUEST", series.uid, occurrence.recurrence_at, occurrence.title) in sent
    # … then the third meeting moved (one update), the fourth cancelled (one CANCEL).
    third, fourth = occurrences[2], occurrences[3]
    assert third.starts_at - third.recurrence_at == dt.timedelta(days=1)
    assert fourth.status == MeetingStatus.CANCELLED
    assert ("CANCEL", series.uid, fourth.recurrence_at, fourth.title) in sent, sent
    # Two single meetings, the pact's joint meeting, and the series' invitation, update
    # and cancellation.
    assert len(theirs) == 2 + 1 + 3


def test_demo_command_twice_sends_no_invitation_twice(app, db_session, mail_dir):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    first = len(list(mail_dir.glob("*.eml")))

    second = runner.invoke(args=["demo"])

    assert second.exit_code == 0, second.output
    assert len(list(mail_dir.glob("*.eml"))) == first
