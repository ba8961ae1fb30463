"""The invitation letter (Pozvánka) with the invitation e-mail, when the group wants it: the
invitation and its updates carry the PDF as one more attachment after the calendar's parts
(rendered by the worker once per mailing, in the group's language); a cancellation does
not; without the setting, or when the letter cannot be rendered, the invitation goes as
before. Through a real SMTP server."""

from __future__ import annotations

import io
import logging
from email.message import EmailMessage

import pytest
from pypdf import PdfReader

from meetings.documents import pdf as pdf_module

from ..documents.test_archival import conformance_failures
from .conftest import by_recipient, calendar_of, event_of, meeting_form

FILENAME = "pozvanka-11-setkani-pracovni-skupiny-socialni-sluzby-kulaty-stul-liberec.pdf"


@pytest.fixture
def renderings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates WeasyPrint is asked to render (the real renderer does the work)."""
    made: list[str] = []
    real = pdf_module.render_pdf

    def counting(template, context, lang):
        made.append(template)
        return real(template, context, lang)

    monkeypatch.setattr(pdf_module, "render_pdf", counting)
    return made


def _structure(message: EmailMessage) -> list[tuple]:
    return [
        (part.get_content_type(), part.get_param("method"), part.get_filename())
        for part in message.walk()
    ]


def _letters(message: EmailMessage) -> list[bytes]:
    return [
        part.get_payload(decode=True)
        for part in message.walk()
        if part.get_content_type() == "application/pdf"
    ]


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _publish(client, meeting) -> None:
    assert client.post(f"/meetings/{meeting.id}/schedule").status_code == 302


def test_invitations_and_updates_carry_the_letter_rendered_once_per_mailing(
    setting, smtp_server, login_as, renderings
):
    setting.group.attaches_invitation_letter = True
    client = login_as(setting.assistant)
    meeting = setting.meeting

    _publish(client, meeting)
    invited = by_recipient(smtp_server.wait_for(2))

    assert sorted(invited) == sorted(p.email for p in setting.invitees)
    assert renderings == ["print/invitation_letter.html"]
    letters = [letter for m in invited.values() for letter in _letters(m)]
    assert len(letters) == 2 and letters[0] == letters[1]  # the same letter for everyone
    for message in invited.values():
        assert _structure(message) == [
            ("multipart/mixed", None, None),
            ("multipart/alternative", None, None),
            ("text/plain", None, None),
            ("text/html", None, None),
            ("text/calendar", "REQUEST", None),
            ("application/ics", None, "invite.ics"),
            ("application/pdf", None, FILENAME),
        ]
        assert "X-Meetings-Late-Attachment" not in message
        _raw, calendar = calendar_of(message)
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event_of(message)["UID"]) == meeting.uid
        # In the group's language (Czech), also for the Hungarian member.
        text = _text(_letters(message)[0])
        assert "Pozvánka" in text
        assert meeting.title in text
        assert setting.group.name in text
        assert "10:00–12:00" in text
    assert conformance_failures(letters[0]) == {"3a": [], "ua1": []}

    moved = client.post(
        f"/meetings/{meeting.id}/edit",
        data=meeting_form(meeting, start_time="13:00", end_time="15:00"),
    )
    assert moved.status_code == 302
    updates = smtp_server.wait_for(4)[2:]

    assert len(renderings) == 2  # the letter changed: rendered once more, for both
    for message in updates:
        assert (event_of(message)["SEQUENCE"], str(calendar_of(message)[1]["METHOD"])) == (
            1,
            "REQUEST",
        )
        [letter] = _letters(message)
        assert "13:00–15:00" in _text(letter)

    cancelled = client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "Nemoc."})
    assert cancelled.status_code == 302
    cancellations = smtp_server.wait_for(6)[4:]

    assert len(cancellations) == 2
    for message in cancellations:
        assert str(calendar_of(message)[1]["METHOD"]) == "CANCEL"
        assert _letters(message) == []
    assert len(renderings) == 2


def test_without_the_setting_the_invitation_has_no_letter(
    setting, smtp_server, login_as, renderings
):
    assert setting.group.attaches_invitation_letter is False

    _publish(login_as(setting.assistant), setting.meeting)
    messages = smtp_server.wait_for(2)

    assert len(messages) == 2
    for message in messages:
        assert _letters(message) == []
        assert _structure(message)[-1] == ("application/ics", None, "invite.ics")
        assert str(calendar_of(message)[1]["METHOD"]) == "REQUEST"
    assert renderings == []


def test_letter_that_cannot_be_rendered_leaves_the_invitation_without_it(
    setting, smtp_server, login_as, monkeypatch: pytest.MonkeyPatch, caplog
):
    setting.group.attaches_invitation_letter = True

    def broken(template, context, lang):
        raise RuntimeError("WeasyPrint is out of paper")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    caplog.set_level(logging.ERROR)

    _publish(login_as(setting.assistant), setting.meeting)
    messages = smtp_server.wait_for(2)

    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == sorted(
        p.email for p in setting.invitees
    )
    for message in messages:
        assert _letters(message) == []
        assert str(calendar_of(message)[1]["METHOD"]) == "REQUEST"
        assert "X-Meetings-Late-Attachment" not in message
    assert "WeasyPrint is out of paper" in caplog.text
    assert f"invitation-letter {setting.meeting.id}: rendering failed" in caplog.text
