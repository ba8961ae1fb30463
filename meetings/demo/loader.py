"""Looking up before creating: the demo's loader, and what ``load_demo`` reports.

Everything is looked up by its natural key before it is created (user e-mail, group slug,
organisation name, venue name and city, meeting by group and number, office hours by
weekday), so loading twice adds nothing. Objects that already exist are left as they are.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..auth.services import hash_password
from ..extensions import db
from ..groups.enums import Role
from ..invitations.services import invite_to_meeting
from ..minutes.enums import ActionStatus
from ..models import (
    ActionItem,
    AgendaItem,
    Meeting,
    Membership,
    OfficeHours,
    Organisation,
    User,
    Venue,
    WorkingGroup,
)
from ..scheduling.enums import MeetingStatus

#: Every demo account signs in with this password.
DEMO_PASSWORD = "demo-password"  # noqa: S105  the demo accounts', shown in the README

PRAGUE = "Europe/Prague"
BUDAPEST = "Europe/Budapest"
BRATISLAVA = "Europe/Bratislava"
RIGA = "Europe/Riga"

M = TypeVar("M")


@dataclass
class DemoAccount:
    email: str
    name: str
    description: str


@dataclass
class DemoResult:
    """What ``load_demo`` did: the accounts to print and how many rows it added."""

    accounts: list[DemoAccount] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


class Loader:
    """Finds or adds the demo's rows, counting what it adds (``result.created``)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.result = DemoResult()
        #: The demo's scheduled meetings still to come, to be invited to.
        self.upcoming: list[Meeting] = []

    def count(self, kind: str) -> None:
        self.result.created[kind] = self.result.created.get(kind, 0) + 1

    def find(self, model: type[M], **key: Any) -> M | None:
        return db.session.scalars(select(model).filter_by(**key).limit(1)).first()

    def add(self, obj: M) -> M:
        db.session.add(obj)
        db.session.flush()
        self.count(type(obj).__name__)
        return obj

    def organisation(self, name: str, **fields: Any) -> Organisation:
        return self.find(Organisation, name=name) or self.add(Organisation(name=name, **fields))

    def office_hours(self, organisation: Organisation, hours: dict[int, tuple[str, str]]) -> None:
        for weekday, (opens, closes) in hours.items():
            opens_t = dt.time.fromisoformat(opens)
            if self.find(
                OfficeHours, organisation_id=organisation.id, weekday=weekday, opens=opens_t
            ):
                continue
            self.add(
                OfficeHours(
                    organisation_id=organisation.id,
                    weekday=weekday,
                    opens=opens_t,
                    closes=dt.time.fromisoformat(closes),
                )
            )

    def venue(self, name: str, city: str, **fields: Any) -> Venue:
        return self.find(Venue, name=name, city=city) or self.add(
            Venue(name=name, city=city, **fields)
        )

    def group(self, slug: str, **fields: Any) -> WorkingGroup:
        return self.find(WorkingGroup, slug=slug) or self.add(WorkingGroup(slug=slug, **fields))

    def user(
        self, email: str, name: str, description: str, *, is_admin: bool = False, **fields: Any
    ) -> User:
        self.result.accounts.append(DemoAccount(email, name, description))
        found = self.find(User, email=email)
        if found:
            return found
        return self.add(
            User(
                email=email,
                name=name,
                password_hash=hash_password(DEMO_PASSWORD),
                activated_at=dt.datetime.now(dt.UTC),
                is_admin=is_admin,
                **fields,
            )
        )

    def member(self, user: User, group: WorkingGroup, role: Role) -> None:
        if not self.find(Membership, user_id=user.id, group_id=group.id):
            self.add(Membership(user_id=user.id, group_id=group.id, role=role))

    def meeting(
        self,
        group: WorkingGroup,
        number: int,
        *,
        starts: dt.datetime,
        ends: dt.datetime,
        agenda: list[dict[str, Any]] | None = None,
        extra_groups: list[WorkingGroup] | None = None,
        **fields: Any,
    ) -> Meeting:
        """The group's meeting with this number; created with its agenda when missing."""
        group.meeting_counter = max(group.meeting_counter, number)
        now = dt.datetime.now(dt.UTC)
        found = self.find(Meeting, group_id=group.id, number=number)
        if found:
            if found.status == MeetingStatus.SCHEDULED and found.ends_at > now:
                self.upcoming.append(found)
            return found
        meeting = Meeting(
            group=group,
            number=number,
            starts_at=starts,
            ends_at=ends,
            timezone=group.timezone,
            status=MeetingStatus.HELD if ends < now else MeetingStatus.SCHEDULED,
            organiser=group.lead_organisation,
            extra_groups=list(extra_groups or []),
            # A meeting's agenda went out a week before it (never in the future).
            agenda_published_at=min(starts - dt.timedelta(days=7), now) if agenda else None,
            **fields,
        )
        self.add(meeting)
        for position, spec in enumerate(agenda or []):
            self._agenda_item(meeting, position, None, spec)
        if meeting.status == MeetingStatus.SCHEDULED:
            self.upcoming.append(meeting)
        return meeting

    def invitations(self) -> None:
        """Invite the people of each upcoming meeting that has no invitations yet, as
        scheduling it would have: one e-mail per invitee queued in the outbox (``flask
        demo`` then delivers them, so instance/mail/ holds real invitation messages). A
        meeting with invitations is left alone: someone may have changed them since."""
        for meeting in self.upcoming:
            if meeting.invitations:
                continue
            for _invitation in invite_to_meeting(meeting):
                self.count("Invitation")

    def _agenda_item(
        self, meeting: Meeting, position: int, parent: AgendaItem | None, spec: dict[str, Any]
    ) -> None:
        spec = dict(spec)
        children = spec.pop("children", [])
        item = self.add(AgendaItem(meeting=meeting, parent=parent, position=position, **spec))
        for child_position, child in enumerate(children):
            self._agenda_item(meeting, child_position, item, child)

    def action_item(self, group: WorkingGroup, meeting: Meeting | None, text: str, **fields):
        if self.find(ActionItem, group_id=group.id, text=text):
            return
        if fields.get("status", ActionStatus.OPEN) != ActionStatus.OPEN:
            fields.setdefault("closed_at", dt.datetime.now(dt.UTC))
        self.add(ActionItem(group=group, meeting=meeting, text=text, **fields))

    # --- times ---------------------------------------------------------------------------

    @staticmethod
    def at(zone: str, year: int, month: int, day: int, hour: int, minute: int = 0):
        """An aware datetime from wall-clock time in ``zone``."""
        return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))

    def days_ahead(self, zone: str, days: int, hour: int, minute: int = 0) -> dt.datetime:
        """Wall-clock time ``days`` after today (the demo's upcoming meetings)."""
        day = self.today + dt.timedelta(days=days)
        return self.at(zone, day.year, day.month, day.day, hour, minute)


def demo_logo(mark: str, words: str, colour: str) -> bytes:
    """A stand-in logo for the demo's letterheads (PNG): ``mark`` in a coloured square,
    ``words`` beside it."""
    from PIL import Image, ImageDraw, ImageFont

    def font(size: int):
        # DejaVu (a Debian package the documents use too) has the Czech letters; Pillow's
        # own font does not.
        try:
            return ImageFont.truetype("DejaVuSans.ttf", size)
        except OSError:
            return ImageFont.load_default(size)

    image = Image.new("RGB", (720, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 119, 119), fill=colour)
    draw.text((60, 60), mark, fill="white", anchor="mm", font=font(40))
    draw.text((140, 60), words, fill=colour, anchor="lm", font=font(24))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
