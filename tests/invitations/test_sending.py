"""Invitations when a meeting is published: one e-mail per invitee, in their language, with
a text and an HTML body and the iTIP event (REQUEST, then updates and CANCEL), through a
real SMTP server."""

from __future__ import annotations

import datetime as dt

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.invitations.services import record_answer
from meetings.mail.enums import DeliveryStatus
from meetings.mail.models import OutgoingMessage
from meetings.mail.services import deliver_due, retry_pause

from .. import factories
from ..conftest import MailCollector, free_port, translated
from .conftest import (
    CONTACT,
    ROOM,
    attendees,
    by_recipient,
    calendar_of,
    event_of,
    html_body,
    meeting_form,
    recipient,
    reply_address_of,
    text_body,
)


def _publish(client, meeting) -> None:
    response = client.post(f"/meetings/{meeting.id}/schedule")
    assert response.status_code == 302


def test_publishing_meeting_then_moving_and_cancelling_it(setting, smtp_server, login_as):
    """Three members: the chair and the member are invited; the assistant organises."""
    client = login_as(setting.assistant)
    meeting = setting.meeting

    _publish(client, meeting)
    invited = by_recipient(smtp_server.wait_for(2))

    assert sorted(invited) == sorted(p.email for p in setting.invitees)
    for person in setting.invitees:
        _raw, calendar = calendar_of(invited[person.email])
        [event] = calendar.walk("VEVENT")
        [timezone] = calendar.walk("VTIMEZONE")
        [attendee] = attendees(event)
        invitation = next(i for i in meeting.invitations if i.user_id == person.id)
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event["ORGANIZER"]) == f"mailto:{reply_address_of(invitation)}"
        assert str(event["ORGANIZER"].params["CN"]) == "Eva Nováková"
        assert str(attendee) == f"mailto:{person.email}"
        assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "TRUE")
        assert str(attendee.params["CN"]) == person.name
        assert str(timezone["TZID"]) == "Europe/Prague"
        assert event["DTSTART"].params["TZID"] == "Europe/Prague"
        assert event["DTSTART"].dt == factories.local_time("Europe/Prague", 2030, 3, 19, 10)
        assert (str(event["UID"]), event["SEQUENCE"]) == (meeting.uid, 0)
    first_uid = meeting.uid

    moved = client.post(
        f"/meetings/{meeting.id}/edit",
        data=meeting_form(meeting, start_time="13:00", end_time="15:00"),
    )
    assert moved.status_code == 302
    updates = by_recipient(smtp_server.wait_for(4)[2:])

    assert sorted(updates) == sorted(p.email for p in setting.invitees)
    for message in updates.values():
        event = event_of(message)
        assert str(calendar_of(message)[1]["METHOD"]) == "REQUEST"
        assert (str(event["UID"]), event["SEQUENCE"]) == (first_uid, 1)
        assert event["DTSTART"].dt == factories.local_time("Europe/Prague", 2030, 3, 19, 13)

    cancelled = client.post(
        f"/meetings/{meeting.id}/cancel", data={"reason": "Předsedkyně onemocněla."}
    )
    assert cancelled.status_code == 302
    cancellations = by_recipient(smtp_server.wait_for(6)[4:])

    assert sorted(cancellations) == sorted(p.email for p in setting.invitees)
    for message in cancellations.values():
        calendar = calendar_of(message)[1]
        event = event_of(message)
        assert str(calendar["METHOD"]) == "CANCEL"
        assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (
            first_uid,
            2,
            "CANCELLED",
        )
    assert len(smtp_server.messages) == 6


def test_invitation_mime_structure_is_what_calendar_clients_recognise(
    setting, smtp_server, login_as
):
    _publish(login_as(setting.assistant), setting.meeting)
    message = by_recipient(smtp_server.wait_for(2))[setting.member.email]

    structure = [
        (part.get_content_type(), part.get_param("method"), part.get_filename())
        for part in message.walk()
    ]
    assert structure == [
        ("multipart/mixed", None, None),
        ("multipart/alternative", None, None),
        ("text/plain", None, None),
        ("text/html", None, None),
        ("text/calendar", "REQUEST", None),
        ("application/ics", None, "invite.ics"),
    ]
    inline, attached = [p for p in message.walk() if p.get_content_maintype() != "multipart"][2:]
    assert inline.get_content_charset() == "utf-8"
    assert attached.get_payload(decode=True) == inline.get_payload(decode=True)


def test_invitation_replies_go_to_the_organiser_never_to_the_no_reply_sender(
    setting, smtp_server, login_as
):
    _publish(login_as(setting.assistant), setting.meeting)
    message = smtp_server.wait_for(2)[0]

    assert message["From"].addresses[0].addr_spec == "meetings@meetings.test"
    assert message["Reply-To"].addresses[0].addr_spec == CONTACT


def test_organiser_without_group_contact_is_the_first_assistant(setting, smtp_server, login_as):
    setting.group.contact_email = None
    db.session.flush()

    _publish(login_as(setting.chair), setting.meeting)
    message = by_recipient(smtp_server.wait_for(2))[setting.member.email]
    organizer = event_of(message)["ORGANIZER"]
    invitation = next(i for i in setting.meeting.invitations if i.user_id == setting.member.id)

    assert (str(organizer), str(organizer.params["CN"])) == (
        f"mailto:{reply_address_of(invitation)}",
        "Eva Nováková",
    )
    assert message["Reply-To"].addresses[0].addr_spec == "eva@annolk.example"


def test_organiser_is_not_sent_their_own_meeting_and_counts_as_accepted(
    setting, smtp_server, login_as
):
    _publish(login_as(setting.assistant), setting.meeting)
    recipients = sorted(recipient(m) for m in smtp_server.wait_for(2))
    organisers = [i for i in setting.meeting.invitations if i.user_id == setting.assistant.id]

    assert recipients == ["jana@annolk.example", "peter@vas.example"]
    assert [(i.rsvp.value, i.sent_sequence, i.answered_via) for i in organisers] == [
        ("accepted", None, "organiser")
    ]


def test_invitation_body_carries_date_venue_room_agenda_and_answer_links(
    setting, smtp_server, login_as
):
    _publish(login_as(setting.assistant), setting.meeting)
    message = by_recipient(smtp_server.wait_for(2))[setting.chair.email]
    text, html = text_body(message), html_body(message)

    # In the chair's language (Czech): "Pozvánka: …".
    assert str(message["Subject"]) == translated(
        "cs",
        "Invitation: %(title)s, %(date)s",
        title="11. setkání pracovní skupiny Sociální služby; kulatý stůl, Liberec",
        date="19. března 2030",
    )
    for body in (text, html):
        assert "19. března 2030" in body
        assert "10:00–12:00" in body
        assert "ANNOLK" in body
        assert "U Nisy 362/6, 460 01 Liberec" in body
        assert ROOM in body
        assert "Zahájení, přivítání" in body
        assert "Szociális gondoskodás – tapasztalatok Vas megyéből" in body
        assert "http://meetings.test/invitations/" in body
    assert "10:10  2. Sociální podnikání v Libereckém kraji" in text
    assert "   10:10  2a Szociális gondoskodás" in text


def test_invitation_for_hungarian_invitee_is_in_hungarian(setting, smtp_server, login_as):
    _publish(login_as(setting.assistant), setting.meeting)
    message = by_recipient(smtp_server.wait_for(2))[setting.member.email]
    text = text_body(message)
    event = event_of(message)

    assert text.startswith("Tisztelt Kovács Péter!")
    assert "2030. március 19." in text
    assert "Helyszín: ANNOLK" in text
    assert f"Terem: {ROOM}" in text
    assert "Napirend:" in str(event["DESCRIPTION"])
    # The Czech chair's invitation to the same meeting is in Czech.
    czech = text_body(by_recipient(smtp_server.messages)[setting.chair.email])
    assert "19. března 2030" in czech


def test_calendar_text_is_escaped_folded_with_crlf_and_diacritics_intact(
    setting, smtp_server, login_as
):
    _publish(login_as(setting.assistant), setting.meeting)
    raw, calendar = calendar_of(by_recipient(smtp_server.wait_for(2))[setting.member.email])
    [event] = calendar.walk("VEVENT")

    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no line was cut inside a character
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:11. setkání pracovní skupiny Sociální služby\\; kulatý stůl\\, Liberec" in (
        unfolded
    )
    assert f"LOCATION:ANNOLK\\, U Nisy 362/6\\, 460 01 Liberec\\, {ROOM}" in unfolded
    assert "\\n" in unfolded.split("DESCRIPTION:", 1)[1].split("\r\n", 1)[0]
    assert str(event["SUMMARY"]) == setting.meeting.title
    assert str(event["LOCATION"]) == f"ANNOLK, U Nisy 362/6, 460 01 Liberec, {ROOM}"
    assert "Szociális gondoskodás – tapasztalatok Vas megyéből" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"http://meetings.test/meetings/{setting.meeting.id}"


def test_publishing_with_mail_server_down_loses_nothing_and_delivers_each_once_later(
    setting, app: Flask, login_as, monkeypatch: pytest.MonkeyPatch
):
    port = free_port()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    _publish(login_as(setting.assistant), setting.meeting)
    start = dt.datetime.now(dt.UTC)

    down = deliver_due(now=start)
    queued = db.session.scalars(
        select(OutgoingMessage).where(OutgoingMessage.kind == "invitation")
    ).all()

    assert (down.sent, down.retrying) == (0, 2)
    assert {m.status for m in queued} == {DeliveryStatus.PENDING}
    handler = MailCollector()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        later = start + retry_pause(1) + dt.timedelta(seconds=1)
        up = deliver_due(now=later)
        again = deliver_due(now=later + dt.timedelta(hours=1))
    finally:
        controller.stop()

    assert (up.sent, again.sent) == (2, 0)
    assert sorted(recipient(m) for m in handler.messages) == sorted(
        p.email for p in setting.invitees
    )
    assert {str(calendar_of(m)[1]["METHOD"]) for m in handler.messages} == {"REQUEST"}
    assert {m.status for m in queued} == {DeliveryStatus.SENT}


def test_scheduling_records_the_sequence_sent_to_each_invitee(setting, smtp_server, login_as):
    _publish(login_as(setting.assistant), setting.meeting)

    assert sorted(
        (i.user.email, i.sent_sequence, i.role.value) for i in setting.meeting.invitations
    ) == [
        ("eva@annolk.example", None, "required"),
        ("jana@annolk.example", 0, "chair"),
        ("peter@vas.example", 0, "required"),
    ]
    roles = {
        recipient(m): str(attendees(event_of(m))[0].params["ROLE"]) for m in smtp_server.wait_for(2)
    }
    assert roles == {
        "jana@annolk.example": "CHAIR",
        "peter@vas.example": "REQ-PARTICIPANT",
    }


def test_observer_is_invited_as_optional_participant(setting, smtp_server, login_as):
    observer = factories.make_user("olga@example.org", "Olga Pozorovatelka")
    factories.add_member(observer, setting.group, Role.OBSERVER)

    _publish(login_as(setting.assistant), setting.meeting)
    message = by_recipient(smtp_server.wait_for(3))[observer.email]

    assert str(attendees(event_of(message))[0].params["ROLE"]) == "OPT-PARTICIPANT"


def test_change_of_place_or_time_asks_again_and_keeps_the_earlier_answer_visible(
    setting, smtp_server, login_as
):
    client = login_as(setting.assistant)
    _publish(client, setting.meeting)
    smtp_server.wait_for(2)
    chair = next(i for i in setting.meeting.invitations if i.user_id == setting.chair.id)
    record_answer(chair, "accepted", "Přijdu.")
    db.session.flush()
    other = factories.make_venue("Krajský úřad", city="Liberec", street="U Jezu 642/2a")

    client.post(
        f"/meetings/{setting.meeting.id}/edit",
        data=meeting_form(setting.meeting, venue_id=str(other.id), room="Zasedací místnost 326a"),
    )
    after_venue = (chair.rsvp.value, chair.rsvp_before_change.value, chair.rsvp_comment)
    venue_update = by_recipient(smtp_server.wait_for(4)[2:])[setting.chair.email]
    record_answer(chair, "tentative")
    client.post(
        f"/meetings/{setting.meeting.id}/edit",
        data=meeting_form(setting.meeting, start_date="2030-03-26"),
    )
    after_time = (chair.rsvp.value, chair.rsvp_before_change.value)
    time_update = by_recipient(smtp_server.wait_for(6)[4:])[setting.chair.email]
    page = client.get(f"/meetings/{setting.meeting.id}").text

    assert after_venue == ("needs_action", "accepted", "Přijdu.")
    assert str(event_of(venue_update)["LOCATION"]).startswith("Krajský úřad, U Jezu 642/2a")
    assert attendees(event_of(venue_update))[0].params["PARTSTAT"] == "NEEDS-ACTION"
    assert after_time == ("needs_action", "tentative")
    assert attendees(event_of(time_update))[0].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event_of(time_update)["SEQUENCE"] == 2
    assert translated("cs", "Tentative before the change") in page
    assert (
        translated(
            "cs",
            "%(num)d invitee has not confirmed the new time or place yet.",
            plural="%(num)d invitees have not confirmed the new time or place yet.",
            num=1,
        )
        in page
    )


def test_invitation_reminds_a_day_before_by_default_and_as_the_meeting_sets_it(
    setting, smtp_server, login_as
):
    client = login_as(setting.assistant)
    _publish(client, setting.meeting)
    default = event_of(by_recipient(smtp_server.wait_for(2))[setting.member.email])

    client.post(
        f"/meetings/{setting.meeting.id}/edit",
        data=meeting_form(setting.meeting, alarm="120", start_time="11:00", end_time="13:00"),
    )
    own = event_of(by_recipient(smtp_server.wait_for(4)[2:])[setting.member.email])
    client.post(
        f"/meetings/{setting.meeting.id}/edit",
        data=meeting_form(setting.meeting, alarm="0", start_time="12:00", end_time="14:00"),
    )
    none = event_of(by_recipient(smtp_server.wait_for(6)[4:])[setting.member.email])

    [alarm] = default.walk("VALARM")
    assert (str(alarm["ACTION"]), alarm.decoded("TRIGGER")) == ("DISPLAY", -dt.timedelta(days=1))
    assert [a.decoded("TRIGGER") for a in own.walk("VALARM")] == [-dt.timedelta(hours=2)]
    assert none.walk("VALARM") == []
    assert setting.meeting.alarm_minutes == 0
