"""The invitation letter (Pozvánka, Pozvánka, Meghívó, Uzaicinājums): one PDF per meeting
on the group's letterhead, for those who file or forward invitations on paper: who
convenes, when and where (with a map link), the published agenda with its times and
presenters, the documents, and how to answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage

from flask_babel import gettext as _
from sqlalchemy import select

from ..agenda.models import Attachment
from ..agenda.services import DocumentItem, agenda_document, agenda_is_published
from ..auth.models import User
from ..db import utcnow
from ..documents.letterhead import Letterhead
from ..documents.rendered import DocumentSource, attach_document, document_source, file_slug
from ..extensions import db
from ..groups.enums import Role
from ..groups.labels import role_label
from ..groups.letterhead import letterhead_of
from ..groups.models import Membership
from ..i18n import force_locale, format_local_date
from ..links import external_url
from ..scheduling.models import Meeting
from ..venues.services import osm_search_url


@dataclass
class Person:
    role: str
    name: str
    contact: str


@dataclass
class InvitationLetter:
    """Plain values for templates/print/invitation_letter.html, in the group's language."""

    lang: str
    group_name: str
    title: str
    issued_on: str
    date: str
    time: str
    venue: str
    room: str
    map_url: str
    online_url: str
    #: The chair who convenes and the assistant who organises, with their contact.
    people: list[Person]
    #: The published agenda (empty until it is published: "the agenda will follow").
    items: list[DocumentItem] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    meeting_url: str = ""
    #: The day the invitees are asked to answer by ("6. dubna 2018"), "" when none.
    answer_by: str = ""
    letterhead: Letterhead = field(default_factory=Letterhead)


def _convening(meeting: Meeting) -> list[Person]:
    """The host group's chair and assistant (the longest-standing of each)."""
    rows = db.session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.group_id == meeting.group_id,
            Membership.role.in_((Role.CHAIR, Role.ASSISTANT)),
            User.is_enabled.is_(True),
        )
        .order_by(Membership.role, Membership.created_at, Membership.id)
    ).all()
    people: dict[Role, Person] = {}
    for user, role in rows:
        people.setdefault(role, Person(role_label(role, user), user.name, user.email))
    return [people[r] for r in (Role.CHAIR, Role.ASSISTANT) if r in people]


def _issued(meeting: Meeting) -> dt.datetime:
    """The letter's date: the last change of what it says (the meeting, its published
    agenda), and never after the meeting (an archived meeting's letter keeps its year)."""
    changed = max(d for d in (meeting.updated_at, meeting.agenda_published_at) if d is not None)
    return min(changed, meeting.starts_at)


def invitation_letter(meeting: Meeting, now: dt.datetime | None = None) -> InvitationLetter:
    now = now or utcnow()
    agenda = agenda_document(meeting, now)
    published = agenda_is_published(meeting, now)
    documents = (
        db.session.scalars(
            select(Attachment.filename)
            .where(Attachment.meeting_id == meeting.id)
            .order_by(Attachment.created_at, Attachment.id)
        ).all()
        if published
        else []
    )
    venue = meeting.venue
    with force_locale(agenda.lang):
        return InvitationLetter(
            lang=agenda.lang,
            group_name=meeting.group.name,
            title=meeting.title,
            issued_on=format_local_date(_issued(meeting), meeting.timezone),
            date=agenda.date,
            time=agenda.time,
            venue=", ".join(p for p in (agenda.venue_name, agenda.venue_address) if p),
            room=agenda.room,
            map_url=(osm_search_url(venue) or "") if venue is not None else "",
            online_url=agenda.online_url,
            people=_convening(meeting),
            items=agenda.items if published else [],
            documents=list(documents),
            meeting_url=external_url("scheduling.meeting", meeting_id=meeting.id),
            answer_by=format_local_date(meeting.answer_by),
            letterhead=letterhead_of(meeting.group),
        )


#: The kind of document the letter is (documents/rendered.py).
KIND = "invitation-letter"


def letter_filename(letter: InvitationLetter) -> str:
    """The letter's file name in its language, from its title as the PDF shows it:
    "pozvanka-11-setkani-pracovni-skupiny-socialni-sluzby.pdf"."""
    with force_locale(letter.lang):
        words = f"{_('Invitation')} {letter.title}"
    return f"{file_slug(words)}.pdf"


@document_source(KIND)
def invitation_letter_source(meeting_id: int) -> DocumentSource | None:
    """What the meeting's invitation letter is made from (rendered once per version, in
    the job queue: see documents/rendered.py); None when there is no such meeting."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    letter = invitation_letter(meeting)
    return DocumentSource(
        kind=KIND,
        subject_id=meeting.id,
        template="print/invitation_letter.html",
        context={"doc": letter, "letterhead": letter.letterhead},
        lang=letter.lang,
        filename=letter_filename(letter),
    )


def attach_letter(message: EmailMessage, meeting: Meeting) -> None:
    """The meeting's invitation letter goes with the message: rendered by the worker that
    delivers it, once for the whole mailing (never in the request that queued it). If it
    cannot be rendered, the message goes without it (logged)."""
    attach_document(message, KIND, meeting.id)
