"""Answers from the calendar's own buttons: iMIP REPLY mails in the formats Outlook,
Exchange, Google Calendar, Thunderbird and Apple Calendar send, delivered over SMTP to the
app's receiver, change the answer table; forged or unfitting ones change nothing."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.invitees import invitation_for
from meetings.invitations.models import CalendarReply
from meetings.invitations.services import record_answer

from ..conftest import translated
from .conftest import fill, occurrence_values, values_for


def _answer(invited, meeting=None):
    invitation = invitation_for(invited.member, meeting or invited.meeting)
    db.session.refresh(invitation)
    return invitation.rsvp, invitation.rsvp_comment, invitation.answered_via


def _outcomes() -> list[str]:
    return [r.outcome for r in db.session.scalars(select(CalendarReply).order_by(CalendarReply.id))]


@pytest.mark.parametrize(
    ("fixture", "answer", "comment"),
    [
        ("outlook-desktop-accept-comment.eml", Rsvp.ACCEPTED, "Přijdu, ale až v 10:30."),
        ("outlook-desktop-decline.eml", Rsvp.DECLINED, None),
        ("exchange-online-accept.eml", Rsvp.ACCEPTED, None),
        ("google-accept-note.eml", Rsvp.ACCEPTED, "Přijdu, ale až v 10:30."),
        ("google-decline.eml", Rsvp.DECLINED, None),
        ("thunderbird-accept.eml", Rsvp.ACCEPTED, None),
        ("thunderbird-decline.eml", Rsvp.DECLINED, None),
        ("apple-mail-accept.eml", Rsvp.ACCEPTED, None),
        ("apple-icloud-tentative.eml", Rsvp.TENTATIVE, None),
    ],
)
def test_reply_from_each_client_sets_the_answer(invited, receiver, fixture, answer, comment):
    raw = fill(fixture, values_for(invited, COMMENT=comment or ""))

    receiver.deliver(raw, to=invited.organizer)

    assert _answer(invited) == (answer, comment, "calendar")
    assert _outcomes() == ["applied"]


def test_reply_shows_in_the_assistants_answer_table(invited, receiver, login_as):
    raw = fill("google-accept-note.eml", values_for(invited, COMMENT="Budu mít prezentaci."))

    receiver.deliver(raw, to=invited.organizer.lower())
    table = login_as(invited.assistant).get(f"/meetings/{invited.meeting.id}/invitations/answers")

    assert translated("cs", "Accepted") + ": 2" in table.text  # the member and the organiser
    assert "Budu mít prezentaci." in table.text
    assert translated("cs", "from the calendar") in table.text


def test_reply_with_a_changed_answer_replaces_the_earlier_one(invited, receiver):
    receiver.deliver(fill("outlook-desktop-decline.eml", values_for(invited)), invited.organizer)
    receiver.deliver(
        fill("thunderbird-accept.eml", values_for(invited, MESSAGE_ID="second")), invited.organizer
    )

    assert _answer(invited)[0] == Rsvp.ACCEPTED


@pytest.mark.parametrize(
    ("fixture", "index", "answer"),
    [
        ("outlook-desktop-tentative-occurrence.eml", 1, Rsvp.TENTATIVE),
        ("google-decline-occurrence.eml", 2, Rsvp.DECLINED),
        ("thunderbird-tentative-occurrence.eml", 3, Rsvp.TENTATIVE),
    ],
)
def test_reply_to_one_occurrence_answers_that_meeting_only(
    invited_series, receiver, fixture, index, answer
):
    meetings = sorted(invited_series.meeting.series.meetings, key=lambda m: m.starts_at)

    receiver.deliver(
        fill(fixture, occurrence_values(invited_series, index)), invited_series.organizer
    )

    answers = [_answer(invited_series, m)[0] for m in meetings]
    expected = [Rsvp.NEEDS_ACTION] * 4
    expected[index] = answer
    assert answers == expected


def test_reply_to_the_whole_series_answers_every_meeting(invited_series, receiver):
    meetings = invited_series.meeting.series.meetings

    receiver.deliver(
        fill("google-accept-note.eml", values_for(invited_series, COMMENT="Ano")),
        invited_series.organizer,
    )

    assert {_answer(invited_series, m) for m in meetings} == {(Rsvp.ACCEPTED, "Ano", "calendar")}


def test_reply_with_another_attendee_changes_nothing(invited, receiver):
    raw = fill("thunderbird-accept.eml", values_for(invited, ATTENDEE="someone.else@example.org"))

    receiver.deliver(raw, invited.organizer)

    assert _answer(invited)[0] == Rsvp.NEEDS_ACTION
    assert _outcomes() == ["wrong-attendee"]


def test_reply_to_a_forged_address_is_refused_and_changes_nothing(invited, receiver):
    organizer = invited.organizer
    local, _, domain = organizer.partition("@")
    forged = local[:-4] + ("aaaa" if not local.endswith("aaaa") else "bbbb") + "@" + domain
    raw = fill(
        "google-accept-note.eml", values_for(invited, ORGANIZER=forged, ORGANIZER_LOWER=forged)
    )

    receiver.deliver(raw, to=forged)

    assert _answer(invited)[0] == Rsvp.NEEDS_ACTION
    assert _outcomes() == ["not-ours"]


def test_mail_for_an_address_that_is_not_a_reply_address_is_refused_by_the_server(
    invited, receiver
):
    raw = fill("thunderbird-accept.eml", values_for(invited))

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        receiver.deliver(raw, to="postmaster@meetings.test")

    assert _outcomes() == []


@pytest.mark.parametrize(
    ("change", "outcome"),
    [
        ({"UID": "not-our-meeting@example.org"}, "unknown-event"),
        ({"SEQUENCE": "0"}, "stale"),
    ],
)
def test_reply_to_an_unknown_event_or_an_old_version_changes_nothing(
    invited, receiver, change, outcome
):
    invited.meeting.sequence = 1  # moved since the reply's version
    db.session.flush()

    receiver.deliver(
        fill("thunderbird-accept.eml", values_for(invited, **change)), invited.organizer
    )

    assert _answer(invited)[0] == Rsvp.NEEDS_ACTION
    assert _outcomes() == [outcome]


def test_mail_without_a_calendar_or_with_garbage_changes_nothing_and_the_receiver_goes_on(
    invited, receiver
):
    plain = (
        f"From: jana.novakova@kraj-lbc.example\r\nTo: {invited.organizer}\r\n"
        "Subject: Dotaz\r\n\r\nMohu prosim prijit pozdeji?\r\n"
    ).encode()
    garbage = (
        f"From: x@example.org\r\nTo: {invited.organizer}\r\nSubject: x\r\n"
        "Content-Type: text/calendar; method=REPLY\r\n\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
        "DTSTART:not-a-date\r\n\x00\x01\r\n"
    ).encode()

    receiver.deliver(plain, invited.organizer)
    receiver.deliver(garbage, invited.organizer)
    receiver.deliver(fill("thunderbird-accept.eml", values_for(invited)), invited.organizer)

    assert _outcomes()[:2] in (["no-calendar", "malformed"], ["no-calendar", "not-a-reply"])
    assert _outcomes()[2] == "applied"
    assert _answer(invited)[0] == Rsvp.ACCEPTED


def test_oversized_mail_is_refused_by_the_server(invited, receiver, app, monkeypatch):
    raw = fill("thunderbird-accept.eml", values_for(invited))
    huge = raw + b"X" * (app.config["REPLY_MAX_BYTES"] + 10)

    with pytest.raises(smtplib.SMTPException):
        receiver.deliver(huge, invited.organizer)
    receiver.deliver(raw, invited.organizer)

    assert _answer(invited)[0] == Rsvp.ACCEPTED


def test_reply_after_answers_closed_changes_nothing(invited, receiver):
    invited.meeting.status = "cancelled"
    db.session.flush()

    receiver.deliver(fill("thunderbird-accept.eml", values_for(invited)), invited.organizer)

    assert _answer(invited)[0] == Rsvp.NEEDS_ACTION
    assert _outcomes() == ["closed"]


def test_renewed_answer_links_revoke_the_old_reply_address(invited, receiver):
    from meetings.invitations.services import renew_answer_links

    old = invited.organizer
    renew_answer_links(invitation_for(invited.member, invited.meeting))
    db.session.flush()

    receiver.deliver(fill("thunderbird-accept.eml", values_for(invited)), old)

    assert _answer(invited)[0] == Rsvp.NEEDS_ACTION
    assert _outcomes() == ["not-ours"]


def test_answer_from_the_page_after_a_reply_is_the_last_answer(invited, receiver):
    receiver.deliver(fill("thunderbird-accept.eml", values_for(invited)), invited.organizer)

    record_answer(invitation_for(invited.member, invited.meeting), "declined", via="page")

    assert _answer(invited) == (Rsvp.DECLINED, None, "page")
