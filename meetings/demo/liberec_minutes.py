"""Demo minutes from seed 001: the 10th Liberec meeting approved, signed and published, and
the 11th meeting's minutes submitted, waiting for the chair's approval, so that a newcomer
sees the whole cycle at once (and the demo chair's dashboard has work).

Called at the end of ``demo.load_demo``. Like the rest of the demo it looks everything up
before creating it: minutes that exist (whatever their state) are left alone, so a second
``flask demo`` adds nothing and regenerates nothing.

Signing. Unless the site already has a signing key (a file named by ``SIGNING_PKCS12_PATH``,
or one kept in shared storage), the demo creates a self-signed certificate and keeps it in
shared storage as the site's key (as ``flask signing-key import`` would), opened with
``SIGNING_PKCS12_PASSPHRASE`` (empty by default): every app server, whatever its instance
folder holds, signs with it.

The texts are the seed's "Průběh jednání", with the scan's OCR slips corrected
("roziiien6m" → "rozšířeném", "kte16 ziskala" → "které získala", "jeiich" → "jejich" …).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click
from flask import current_app
from sqlalchemy import select

from ..documents.signing import SigningKey, create_self_signed_certificate, store_signing_key
from ..extensions import db
from ..groups.models import WorkingGroup
from ..invitations.enums import Attendance, ParticipantRole, Rsvp
from ..invitations.models import Invitation
from ..minutes.enums import MinutesState
from ..minutes.models import ActionItem, Decision, Minutes, MinutesEntry
from ..minutes.publishing import PublishingFailed, publish
from ..models import AgendaItem, Meeting, Organisation, User

if TYPE_CHECKING:
    from .loader import Loader

log = logging.getLogger(__name__)

PRAGUE = ZoneInfo("Europe/Prague")
GROUP_SLUG = "pzlk-socialni-sluzby"
#: A common name has at most 64 characters (RFC 5280): the group's full name is the holder's
#: organisation in the certificate.
DEMO_COMMON_NAME = "Demo signing certificate – Sociální služby"
DEMO_ORGANISATION = "Odborná pracovní skupina Sociální služby"

OPENING_10 = (
    "Dne 20. 3. 2018 se uskutečnilo setkání pracovní skupiny. Místo konání: ANNOLK, "
    "U Nisy 362/6, 460 01 Liberec, zasedací místnost 2. patro."
)

#: "Průběh jednání" 1–6, by the position of the agenda item.
COURSE_10 = [
    "Zástupce (ANNOLK) úvodem setkání představila historii jednání, která v minulých letech "
    "proběhla na téma sociálního podnikání s různými aktéry Libereckého kraje (mezi roky 2011 "
    "a 2016), shrnula témata, kterým byla jednání věnována, a především potřebu posunout "
    "komunikaci se zástupci Libereckého kraje směrem k aktuálním tématům této oblasti.\n\n"
    "Dosavadní postoj Libereckého kraje i města Liberce k sociálnímu podnikání vnímá "
    "předsedkyně ANNOLK jako pasivní a i odmítavý. Přínos podpory sociálního podnikání ze "
    "strany kraje a měst pak dokládá i na příkladech dobré praxe z jiných krajů ČR a "
    "příklady z EU, kde se zúčastnila konference na toto téma.\n\n"
    "Pracovní skupina se shoduje na postupu obnovit jednání se zástupci Libereckého kraje a "
    "dalšími relevantními partnery. Jako vhodnou cestu vidí zrealizovat nejprve pracovní "
    "setkání se zástupci Libereckého kraje (duben 2018) a následně v rámci rozšířeného "
    "setkání s dalšími partnery (květen 2018).",
    "Pracovní skupina stanovila následující témata pro rozšířené jednání pracovní skupiny "
    "(body a–e níže).\n\n"
    "Témata budou do realizace rozšířeného setkání dle potřeby upravena a doplněna.",
    "V rámci příkladů dobré praxe přednese na rozšířeném setkání předsedkyně ANNOLK "
    "informace, které získala na konferenci o sociálním podnikání v EU. Na rozšířeném "
    "setkání budou dle pozvání představitelé z jiných krajů, kde je realizováno nebo "
    "připravováno sociální podnikání formou krajských sociálních podniků, ke zhodnocení "
    "přínosu a negativ fungování krajských sociálních podniků (Moravskoslezský kraj, "
    "Pardubický kraj, Jihočeský kraj).",
    "Jako potencionální účastníci jednání jsou navrženi zástupci Libereckého kraje, města "
    "Liberce, komory, Technické regionální univerzity v Liberci, Svazu průmyslu a dopravy ČR, "
    "Krajské okresní hospodářské rady a MKOS, Úřadu práce ČR, zástupců sociálních podniků v "
    "Libereckém kraji ad.",
    "Prostory pro jednání budou zajištěny na Krajském úřadě Libereckého kraje nebo v IQ parku "
    "Liberec.",
    "Bude dohodnut termín dubnového jednání.",
]

#: (agenda item position, text) of the 10th meeting's decisions, numbered 10/1, 10/2 …
DECISIONS_10 = [
    (
        0,
        "Pracovní skupina obnoví jednání se zástupci Libereckého kraje a dalšími relevantními "
        "partnery: nejprve pracovní setkání se zástupci Libereckého kraje (duben 2018), "
        "následně rozšířené setkání s dalšími partnery (květen 2018).",
    ),
    (
        1,
        "Pracovní skupina stanovila témata rozšířeného jednání (body 2a–2e); do realizace "
        "rozšířeného setkání budou dle potřeby upravena a doplněna.",
    ),
    (
        3,
        "Jako potencionální účastníci rozšířeného jednání jsou navrženi zástupci Libereckého "
        "kraje, města Liberce, komory, Technické regionální univerzity v Liberci, Svazu "
        "průmyslu a dopravy ČR, Krajské okresní hospodářské rady a MKOS, Úřadu práce ČR a "
        "sociálních podniků v Libereckém kraji.",
    ),
]

#: The task of item 6, as ``liberec._tasks`` creates it.
ACTION_10 = "Dohodnout termín dubnového jednání se zástupci Libereckého kraje."

OPENING_11 = (
    "Dne 18. 4. 2018 se uskutečnilo setkání pracovní skupiny. Místo konání: Krajský úřad "
    "Libereckého kraje, U Jezu 642/2a, Liberec, zasedací místnost 326a."
)
COURSE_11 = "Zahájení kulatého stolu, aktuální informace k tématu sociálního podnikání."


def load_demo_minutes(lo: Loader) -> None:
    """Add the demo minutes that are missing (see the module's notes). Flushes, never commits;
    the published PDF and the demo's signing key are kept as stored files."""
    group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == GROUP_SLUG)).first()
    if group is None:
        return
    tenth = _meeting(group, 10)
    eleventh = _meeting(group, 11)
    people = {u.email: u for u in db.session.scalars(select(User)).all()}
    chair = people.get("chair@demo.example")
    assistant = people.get("assistant@demo.example")
    member = people.get("member@demo.example")
    if tenth is not None and chair is not None and assistant is not None:
        _attendance(lo, tenth, [(chair, Attendance.PRESENT), (assistant, Attendance.PRESENT)])
        if member is not None:
            _attendance(lo, tenth, [(member, Attendance.PRESENT)])
        _published_tenth(lo, tenth, chair, assistant, member)
    if eleventh is not None:
        if chair is not None and assistant is not None and member is not None:
            _invited_to_eleventh(lo, eleventh, [chair, assistant, member])
        _submitted_eleventh(lo, eleventh, assistant, member)


def _meeting(group: WorkingGroup, number: int) -> Meeting | None:
    return db.session.scalars(
        select(Meeting).where(Meeting.group_id == group.id, Meeting.number == number)
    ).first()


def _minutes(meeting: Meeting) -> Minutes | None:
    return db.session.scalars(
        select(Minutes).where(Minutes.meeting_id == meeting.id, Minutes.edition == 1)
    ).first()


def _attendance(lo: Loader, meeting: Meeting, people: list[tuple[User, Attendance]]) -> None:
    for user, attendance in people:
        if lo.find(Invitation, meeting_id=meeting.id, user_id=user.id):
            continue
        lo.add(
            Invitation(
                meeting=meeting,
                user=user,
                organisation_id=user.organisation_id,
                role=ParticipantRole.REQUIRED,
                rsvp=Rsvp.ACCEPTED if attendance == Attendance.PRESENT else Rsvp.DECLINED,
                attendance=attendance,
            )
        )


def _top_items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id, AgendaItem.parent_id.is_(None))
            .order_by(AgendaItem.position, AgendaItem.id)
        ).all()
    )


def _published_tenth(
    lo: Loader, meeting: Meeting, chair: User, recorder: User, verifier: User | None
) -> None:
    if _minutes(meeting) is not None:
        return
    items = _top_items(meeting)
    minutes = lo.add(
        Minutes(
            meeting=meeting,
            opening=OPENING_10,
            state=MinutesState.APPROVED,
            recorded_by=recorder,
            submitted_at=dt.datetime(2018, 3, 23, 12, tzinfo=PRAGUE),
            # The member chosen at the meeting read and confirmed them before the approval.
            verified_by=verifier,
            verified_at=dt.datetime(2018, 3, 26, 10, tzinfo=PRAGUE) if verifier else None,
            approved_at=dt.datetime(2018, 3, 27, 14, tzinfo=PRAGUE),
            approved_by=chair,
        )
    )
    for item, text in zip(items, COURSE_10, strict=False):
        lo.add(MinutesEntry(minutes=minutes, agenda_item_id=item.id, text=text))
    for sequence, (position, text) in enumerate(DECISIONS_10, start=1):
        if lo.find(Decision, meeting_id=meeting.id, sequence=sequence):
            continue
        lo.add(
            Decision(
                group_id=meeting.group_id,
                meeting=meeting,
                agenda_item_id=items[position].id if position < len(items) else None,
                sequence=sequence,
                text=text,
            )
        )
    action = lo.find(ActionItem, meeting_id=meeting.id, text=ACTION_10)
    if action is not None and action.agenda_item_id is None and len(items) >= 6:
        action.agenda_item_id = items[5].id
    db.session.flush()
    # The PDF is rendered, signed and stored now; no e-mail for a meeting of 2018.
    try:
        with db.session.begin_nested():
            # Published the day after its approval, in 2018 like the rest of the record
            # (only the signature carries the real signing time).
            publish(
                minutes,
                key=demo_signing_key(),
                notify=False,
                now=dt.datetime(2018, 3, 28, 9, tzinfo=PRAGUE),
            )
    except PublishingFailed as failure:
        # E.g. the instance names a certificate that does not open: the demo still loads,
        # and the minutes show the error as they would after a failed job.
        minutes.publish_error = failure.stored_message
        click.echo(f"The demo minutes were approved but not published: {failure.detail}")


#: The 11th meeting was an extended one: guests of the region came to the round table.
GUESTS_11 = [
    ("Ing. Petra Horáková", "horakova@kraj-lbc.example", "Krajský úřad Libereckého kraje"),
    ("Mgr. Tomáš Černý", "cerny@liberec.example", None),
]


def _invited_to_eleventh(lo: Loader, meeting: Meeting, members: list[User]) -> None:
    """The 11th meeting's invitees (members and two guests of the region), answered: on
    its attendance sheet (prezenční listina), with nothing recorded yet."""
    if lo.find(Invitation, meeting_id=meeting.id):
        return
    for user in members:
        lo.add(
            Invitation(
                meeting=meeting,
                user=user,
                organisation_id=user.organisation_id,
                role=ParticipantRole.REQUIRED,
                rsvp=Rsvp.ACCEPTED,
            )
        )
    for name, email, organisation in GUESTS_11:
        body = lo.find(Organisation, name=organisation) if organisation else None
        lo.add(
            Invitation(
                meeting=meeting,
                name=name,
                email=email,
                organisation_id=body.id if body else None,
                role=ParticipantRole.OPTIONAL,
                rsvp=Rsvp.ACCEPTED,
            )
        )


def _submitted_eleventh(
    lo: Loader, meeting: Meeting, recorder: User | None, verifier: User | None
) -> None:
    """The 11th meeting's minutes, submitted by the assistant and verified by the member:
    they wait for the demo chair's approval (on her dashboard)."""
    if _minutes(meeting) is not None:
        return
    minutes = lo.add(
        Minutes(
            meeting=meeting,
            opening=OPENING_11,
            state=MinutesState.SUBMITTED,
            recorded_by=recorder,
            submitted_at=dt.datetime(2018, 4, 20, 11, tzinfo=PRAGUE),
            verified_by=verifier,
            verified_at=dt.datetime(2018, 4, 23, 9, tzinfo=PRAGUE) if verifier else None,
        )
    )
    for item in _top_items(meeting)[:1]:
        lo.add(MinutesEntry(minutes=minutes, agenda_item_id=item.id, text=COURSE_11))


# --- the demo certificate --------------------------------------------------------------------


def demo_signing_key() -> SigningKey:
    """The key the demo signs with: the site's (configured file or stored key), else a new
    self-signed demo certificate, kept in shared storage as the site's key."""
    app = current_app
    configured = SigningKey.from_config(app)
    if configured is not None:
        return configured
    passphrase = str(app.config.get("SIGNING_PKCS12_PASSPHRASE") or "")
    archive = create_self_signed_certificate(
        None, passphrase, DEMO_COMMON_NAME, organisation=DEMO_ORGANISATION
    )
    store_signing_key(archive, passphrase)
    click.echo(
        "Created the demo signing certificate and kept it in shared storage as the site's "
        "signing key (`flask signing-key import` replaces it with the organisation's own)."
    )
    return SigningKey.stored(passphrase)
