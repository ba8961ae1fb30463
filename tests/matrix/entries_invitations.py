"""Invitations and answers: the answer link is the invitee's key (no sign-in); answering on
the meeting page is for participants (not observers); the invitee list is the managers'."""

from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.invitees import answer_token
from meetings.models import Invitation

from .framework import Entry, expect, managers, signed_in


def _guest(w) -> Invitation:
    """An invitation of a guest to the members-only group's meeting (made on demand)."""
    invitation = Invitation(
        meeting_id=w.meeting.id, email="host@example.org", name="Hana Hostová", sent_sequence=0
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation


def _link(w) -> str:
    return f"/invitations/{answer_token(_guest(w), Rsvp.ACCEPTED)}"


def _revoked_link(w) -> str:
    invitation = _guest(w)
    token = answer_token(invitation, Rsvp.ACCEPTED)
    invitation.answer_nonce = "replaced"
    db.session.flush()
    return f"/invitations/{token}"


def _tampered_link(w) -> str:
    token = answer_token(_guest(w), Rsvp.ACCEPTED)
    return f"/invitations/{token[:-2]}{'AA' if not token.endswith('AA') else 'BB'}"


ENTRIES = [
    Entry(
        "invitations.respond",
        _link,
        expect(200),
        note="the link in the e-mail: anyone holding it, signed in or not, sees the answer page",
    ),
    Entry(
        "invitations.respond",
        _link,
        expect(302),
        method="POST",
        data=lambda w: {"answer": "accepted", "comment": "Přijdu."},
        note="recorded without sign-in, then back to the link's page",
    ),
    Entry("invitations.respond", _tampered_link, expect(404), note="a tampered link"),
    Entry(
        "invitations.respond",
        _revoked_link,
        expect(410),
        note="a revoked link (new links were sent): refused for everyone",
    ),
    Entry(
        "invitations.answer",
        lambda w: f"/meetings/{w.meeting.id}/answer",
        signed_in(302, observer=403, outsider=404),
        method="POST",
        data=lambda w: {"answer": "tentative"},
        note="participants answer on the meeting page; observers only read",
    ),
    Entry(
        "invitations.answer",
        lambda w: f"/meetings/{w.draft_meeting.id}/answer",
        signed_in(403, outsider=404),
        method="POST",
        data=lambda w: {"answer": "accepted"},
        note="a draft takes no answers; it exists for the group's people (403), not others",
    ),
    Entry(
        "invitations.answers",
        lambda w: f"/meetings/{w.meeting.id}/invitations/answers",
        managers(200, outsider=404),
        note="the live answer table: names and comments are for the chair and assistants",
    ),
    Entry(
        "invitations.add_guest",
        lambda w: f"/meetings/{w.meeting.id}/invitations",
        managers(302, outsider=404),
        method="POST",
        data=lambda w: {"name": "Anna Nováková", "email": "anna@example.org", "role": "required"},
    ),
    Entry(
        "invitations.remove",
        lambda w: f"/meetings/{w.meeting.id}/invitations/{_guest(w).id}/remove",
        managers(302, outsider=404),
        method="POST",
    ),
    Entry(
        "invitations.renew",
        lambda w: f"/meetings/{w.meeting.id}/invitations/{_guest(w).id}/renew",
        managers(302, outsider=404),
        method="POST",
    ),
    Entry(
        "invitations.invite_members",
        lambda w: f"/meetings/{w.meeting.id}/invitations/members",
        managers(302, outsider=404),
        method="POST",
    ),
    Entry(
        "invitations.invitation_letter_pdf",
        lambda w: f"/meetings/{w.meeting.id}/invitation.pdf",
        expect(202, anonymous="sign-in", outsider=404),
        note="everyone who may see the meeting; the first request finds the letter being "
        "prepared (202, a page that reloads itself)",
    ),
]
