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
from meetings.models import Invitation, Meeting, User
from meetings.scheduling.enums import MeetingStatus

from .conftest import calendar_of, event_of, recipient


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
    invitations = db.session.scalars(
        select(Invitation)
        .join(Invitation.meeting)
        .where(Meeting.status == MeetingStatus.SCHEDULED, Meeting.ends_at > dt.datetime.now(dt.UTC))
    ).all()
    messages = [m for m in _messages(mail_dir) if m.get_content_type() == "multipart/mixed"]

    assert result.exit_code == 0, result.output
    assert len(messages) == len(invitations) > 0
    assert {str(calendar_of(m)[1]["METHOD"]) for m in messages} == {"REQUEST"}
    assert {i.sent_sequence for i in invitations} == {0}
    member = db.session.scalars(select(User).where(User.email == "member@demo.example")).one()
    theirs = [m for m in messages if recipient(m) == member.email]
    titles = sorted(str(event_of(m)["SUMMARY"]) for m in theirs)
    assert titles == [
        "13. setkání pracovní skupiny Sociální služby",
        "14. setkání pracovní skupiny Sociální služby",
    ]
    uids = {m.uid for m in db.session.scalars(select(Meeting).where(Meeting.title.in_(titles)))}
    assert {str(event_of(m)["UID"]) for m in theirs} == uids


def test_demo_command_twice_sends_no_invitation_twice(app, db_session, mail_dir):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    first = len(list(mail_dir.glob("*.eml")))

    second = runner.invoke(args=["demo"])

    assert second.exit_code == 0, second.output
    assert len(list(mail_dir.glob("*.eml"))) == first
