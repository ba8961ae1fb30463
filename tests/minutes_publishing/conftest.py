"""Approved minutes of a meeting like seed 001 (the 10th Liberec meeting), and a test
signing certificate."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from meetings.agenda.enums import ItemKind
from meetings.documents.signing import SigningKey, certificate_of, create_self_signed_certificate
from meetings.extensions import db
from meetings.invitations.enums import Attendance, Rsvp
from meetings.minutes.enums import ActionStatus, MinutesState
from meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Invitation,
    Minutes,
    MinutesEntry,
)
from meetings.scheduling.enums import MeetingStatus

from .. import factories

PRAGUE = "Europe/Prague"

ITEM_TITLES = [
    "Příprava rozšířeného jednání pracovní skupiny sociální na téma „Sociální podnikání "
    "v Libereckém kraji“",
    "Stanovení odborného obsahu rozšířeného setkání skupiny",
    "Zajištění příkladů dobré praxe z jiných krajů a ze zahraničí",
    "Výběr účastníků rozšířeného setkání",
    "Zajištění prostor pro přípravné jednání",
    "Přípravné setkání se zástupci Libereckého kraje",
]
SUB_ITEMS = [
    "Zahájení kulatého stolu",
    "Sociální ekonomika v ČR a krajské sociální podniky",
    "Sociálně podnikatelská platforma ANNOLK",
    "Filantropická burza v Libereckém kraji",
    "Cíle rozvoje a podpory sociálního podnikání",
]
COURSE = [
    "Zástupkyně ANNOLK představila historii jednání o **sociálním podnikání** (2011–2016).",
    "Pracovní skupina stanovila témata pro rozšířené jednání.",
    "Předsedkyně ANNOLK přednese informace, které získala na konferenci v EU.",
    "Jako potencionální účastníci jsou navrženi zástupci Libereckého kraje.",
    "Prostory budou zajištěny na Krajském úřadě nebo v IQ parku.",
    "Bude dohodnut termín dubnového jednání.",
]
DECISIONS = [
    "Pracovní skupina obnoví jednání se zástupci Libereckého kraje.",
    "Pracovní skupina stanovila témata rozšířeného jednání.",
]
ACTION = "Bude dohodnut termín dubnového jednání"


@dataclass
class SeedMinutes:
    group: object
    meeting: object
    minutes: Minutes
    items: list
    people: object


@pytest.fixture
def seed_minutes(people) -> SeedMinutes:
    """Approved minutes of "10. setkání" with items 1–6 (2a–2e), attendance, two
    decisions (one with votes) and the task about the April date."""
    group = people.group
    group.meeting_counter = 9
    venue = factories.make_venue(
        "ANNOLK", street="U Nisy 362/6", postcode="460 01", room="zasedací místnost 2. patro"
    )
    meeting = factories.make_meeting(
        group,
        starts_at=factories.local_time(PRAGUE, 2018, 3, 20, 10),
        status=MeetingStatus.HELD,
        title="10. setkání Odborné pracovní skupiny Sociální služby",
        venue=venue,
    )
    items = []
    for position, title in enumerate(ITEM_TITLES):
        item = AgendaItem(meeting=meeting, position=position, title=title)
        db.session.add(item)
        items.append(item)
    for position, title in enumerate(SUB_ITEMS):
        db.session.add(AgendaItem(meeting=meeting, parent=items[1], position=position, title=title))
    items[1].kind = ItemKind.DECISION
    db.session.flush()
    guest_organisation = factories.make_organisation("Úřad práce ČR")
    for user, attendance in [
        (people.chair, Attendance.PRESENT),
        (people.assistant, Attendance.PRESENT),
        (people.member, Attendance.EXCUSED),
    ]:
        db.session.add(
            Invitation(meeting=meeting, user=user, rsvp=Rsvp.ACCEPTED, attendance=attendance)
        )
    db.session.add(
        Invitation(
            meeting=meeting,
            email="host@example.org",
            name="Hana Hostová",
            organisation=guest_organisation,
            attendance=Attendance.PRESENT,
        )
    )
    minutes = Minutes(
        meeting=meeting,
        opening="Dne 20. 3. 2018 se uskutečnilo setkání pracovní skupiny.",
        state=MinutesState.APPROVED,
        submitted_at=factories.local_time(PRAGUE, 2018, 3, 23, 12),
        approved_at=factories.local_time(PRAGUE, 2018, 3, 27, 14),
        approved_by=people.chair,
    )
    db.session.add(minutes)
    for item, text in zip(items, COURSE, strict=True):
        db.session.add(MinutesEntry(minutes=minutes, agenda_item_id=item.id, text=text))
    for sequence, text in enumerate(DECISIONS, start=1):
        db.session.add(
            Decision(
                group=group,
                meeting=meeting,
                agenda_item_id=items[sequence - 1].id,
                sequence=sequence,
                text=text,
                votes_for=5 if sequence == 1 else None,
                votes_against=0 if sequence == 1 else None,
            )
        )
    db.session.add(
        ActionItem(
            group=group,
            meeting=meeting,
            agenda_item_id=items[5].id,
            text=ACTION,
            owner=people.assistant,
            due_on=dt.date(2018, 4, 6),
            status=ActionStatus.DONE,
            closed_at=factories.local_time(PRAGUE, 2018, 4, 5, 9),
        )
    )
    db.session.flush()
    return SeedMinutes(group, meeting, minutes, items, people)


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory) -> SigningKey:
    """A self-signed test certificate in a PKCS#12 file."""
    path = tmp_path_factory.mktemp("signing") / "test.p12"
    create_self_signed_certificate(path, "test passphrase", "Test signing certificate")
    return SigningKey(path, "test passphrase")


def trusting(key: SigningKey) -> ValidationContext:
    """A validation context that trusts the key's (self-signed) certificate."""
    der = certificate_of(key).public_bytes(serialization.Encoding.DER)
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])


def signature_status(data: bytes, key: SigningKey):
    """pyHanko's verdict on the first signature in ``data``."""
    reader = PdfFileReader(io.BytesIO(data))
    return validate_pdf_signature(reader.embedded_signatures[0], trusting(key))


def validates(data: bytes, key: SigningKey) -> bool:
    """Whether the signature holds (a file too damaged to read does not validate either)."""
    try:
        status = signature_status(data, key)
    except Exception:
        return False
    return bool(status.intact and status.valid and status.trusted)
