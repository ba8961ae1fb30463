"""Demo data built from the seed documents (``../shared/seeds/``), loaded by ``flask demo``.

Everything is looked up by its natural key before it is created (user e-mail, group slug,
organisation name, venue name and city, meeting by group and number, office hours by
weekday), so loading twice adds nothing. Objects that already exist are left as they are:
the demo never overwrites what someone has changed since.

Facts come from the seeds; where a seed is silent (a time of day, an end time, the other
working groups of the Liberec pact, the people) the demo uses plain, clearly made-up values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select

from .agenda.enums import ItemKind
from .auth.services import hash_password
from .demo_minutes import load_demo_minutes
from .extensions import db
from .groups.enums import Language, Role
from .invitations.services import invite_to_meeting
from .minutes.enums import ActionStatus
from .models import (
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
from .scheduling.enums import MeetingKind, MeetingStatus
from .scheduling.models import MeetingSeries
from .scheduling.recurrence import SeriesFrequency, build_rule
from .scheduling.series import SeriesData, create_series
from .scheduling.services import MeetingData, update_meeting
from .scheduling.workflow import transition_meeting

#: Every demo account signs in with this password.
DEMO_PASSWORD = "demo-password"

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


# --- lookup-or-create helpers --------------------------------------------------------------


class _Loader:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.result = DemoResult()
        #: The demo's scheduled meetings still to come, to be invited to.
        self.upcoming: list[Meeting] = []

    def _count(self, kind: str) -> None:
        self.result.created[kind] = self.result.created.get(kind, 0) + 1

    def _find(self, model: type[M], **key: Any) -> M | None:
        return db.session.scalars(select(model).filter_by(**key).limit(1)).first()

    def _add(self, obj: M) -> M:
        db.session.add(obj)
        db.session.flush()
        self._count(type(obj).__name__)
        return obj

    def organisation(self, name: str, **fields: Any) -> Organisation:
        return self._find(Organisation, name=name) or self._add(Organisation(name=name, **fields))

    def office_hours(self, organisation: Organisation, hours: dict[int, tuple[str, str]]) -> None:
        for weekday, (opens, closes) in hours.items():
            opens_t = dt.time.fromisoformat(opens)
            if self._find(
                OfficeHours, organisation_id=organisation.id, weekday=weekday, opens=opens_t
            ):
                continue
            self._add(
                OfficeHours(
                    organisation_id=organisation.id,
                    weekday=weekday,
                    opens=opens_t,
                    closes=dt.time.fromisoformat(closes),
                )
            )

    def venue(self, name: str, city: str, **fields: Any) -> Venue:
        return self._find(Venue, name=name, city=city) or self._add(
            Venue(name=name, city=city, **fields)
        )

    def group(self, slug: str, **fields: Any) -> WorkingGroup:
        return self._find(WorkingGroup, slug=slug) or self._add(WorkingGroup(slug=slug, **fields))

    def user(
        self, email: str, name: str, description: str, *, is_admin: bool = False, **fields: Any
    ) -> User:
        self.result.accounts.append(DemoAccount(email, name, description))
        found = self._find(User, email=email)
        if found:
            return found
        return self._add(
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
        if not self._find(Membership, user_id=user.id, group_id=group.id):
            self._add(Membership(user_id=user.id, group_id=group.id, role=role))

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
        found = self._find(Meeting, group_id=group.id, number=number)
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
        self._add(meeting)
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
                self._count("Invitation")

    def _agenda_item(
        self, meeting: Meeting, position: int, parent: AgendaItem | None, spec: dict[str, Any]
    ) -> None:
        spec = dict(spec)
        children = spec.pop("children", [])
        item = self._add(AgendaItem(meeting=meeting, parent=parent, position=position, **spec))
        for child_position, child in enumerate(children):
            self._agenda_item(meeting, child_position, item, child)

    def action_item(self, group: WorkingGroup, meeting: Meeting | None, text: str, **fields):
        if self._find(ActionItem, group_id=group.id, text=text):
            return
        if fields.get("status", ActionStatus.OPEN) != ActionStatus.OPEN:
            fields.setdefault("closed_at", dt.datetime.now(dt.UTC))
        self._add(ActionItem(group=group, meeting=meeting, text=text, **fields))

    # --- times ---------------------------------------------------------------------------

    @staticmethod
    def at(zone: str, year: int, month: int, day: int, hour: int, minute: int = 0):
        """An aware datetime from wall-clock time in ``zone``."""
        return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))

    def days_ahead(self, zone: str, days: int, hour: int, minute: int = 0) -> dt.datetime:
        """Wall-clock time ``days`` after today (the demo's upcoming meetings)."""
        day = self.today + dt.timedelta(days=days)
        return self.at(zone, day.year, day.month, day.day, hour, minute)


# --- the content ---------------------------------------------------------------------------


def load_demo(today: dt.date | None = None) -> DemoResult:
    """Add the demo organisations, groups, people, venues and meetings that are missing.

    Side effects: adds rows and flushes; queues the invitations to the upcoming meetings
    in the outbox; never commits (the ``flask demo`` command does, and delivers them).
    Meetings dated relative to ``today`` (default: the current date) make the app look
    alive; those already present (same group and number) are left where they are.
    """
    loader = _Loader(today or dt.date.today())
    loader.user(
        "admin@demo.example",
        "Demo Administrator",
        "site administrator",
        is_admin=True,
        locale="en",
    )
    _liberec(loader)
    _vas(loader)
    _kosice(loader)
    _ensie(loader)
    _nkcsi(loader)
    db.session.flush()
    loader.invitations()
    db.session.flush()
    load_demo_minutes(loader)
    return loader.result


def _liberec_series(lo: _Loader, group: WorkingGroup, assistant: User, venue: Venue) -> None:
    """An upcoming monthly series (second Wednesday, 10:00–12:00), scheduled: each member
    gets it as one invitation. Then its third meeting is moved to the Thursday (one update
    with its RECURRENCE-ID) and its fourth is cancelled (one CANCEL): the series form, with
    an exception and an exclusion, in the demo's invitations and feeds."""
    if lo._find(MeetingSeries, group_id=group.id):
        return
    start = lo.today + dt.timedelta(days=60)
    _series, meetings = create_series(
        SeriesData(
            group=group,
            rule=build_rule(SeriesFrequency.MONTHLY, 2, ordinal=2, count=6),
            first_day=dt.date(start.year, start.month, 1),
            start_time=dt.time(10),
            duration_minutes=120,
            venue=venue,
        ),
        actor=assistant,
    )
    lo._count("MeetingSeries")
    for _meeting in meetings:
        lo._count("Meeting")
    moved, cancelled = meetings[2], meetings[3]
    update_meeting(
        moved,
        MeetingData(
            group=group,
            title=moved.title,
            kind=moved.kind,
            starts_at=moved.starts_at + dt.timedelta(days=1),
            ends_at=moved.ends_at + dt.timedelta(days=1),
            timezone=moved.timezone,
            venue=moved.venue,
            room="zasedací místnost 2. patro",
            organiser=moved.organiser,
        ),
        actor=assistant,
    )
    transition_meeting(
        cancelled,
        MeetingStatus.CANCELLED,
        actor=assistant,
        reason="Státní svátek: jednání se nekoná.",
    )


def _liberec(lo: _Loader) -> None:
    """Seed 001: the Liberec employment pact's social services working group."""
    pzlk = lo.organisation(
        "Pakt zaměstnanosti Libereckého kraje", short_name="PZLK", city="Liberec", country="CZ"
    )
    annolk = lo.organisation(
        "ANNOLK",
        short_name="ANNOLK",
        street="U Nisy 362/6",
        postcode="460 01",
        city="Liberec",
        country="CZ",
    )
    kulk = lo.organisation(
        "Krajský úřad Libereckého kraje",
        short_name="KÚ LK",
        street="U Jezu 642/2a",
        city="Liberec",
        country="CZ",
    )
    annolk_venue = lo.venue(
        "ANNOLK",
        "Liberec",
        street="U Nisy 362/6",
        postcode="460 01",
        country="CZ",
        room="zasedací místnost 2. patro",
        organisation_id=annolk.id,
    )
    kulk_venue = lo.venue(
        "Krajský úřad Libereckého kraje",
        "Liberec",
        street="U Jezu 642/2a",
        country="CZ",
        organisation_id=kulk.id,
    )
    iq_landia = lo.venue("IQ Landia", "Liberec", country="CZ")

    parent = "Pakt zaměstnanosti Libereckého kraje (PZLK)"
    group = lo.group(
        "pzlk-socialni-sluzby",
        name="Odborná pracovní skupina Sociální služby",
        language=Language.CS,
        timezone=PRAGUE,
        is_public=False,
        parent_body=parent,
        lead_organisation=pzlk,
        description=(
            "Odborná pracovní skupina Paktu zaměstnanosti Libereckého kraje pro oblast "
            "sociálních služeb.\n\n"
            "V roce 2018 připravovala rozšířené jednání (kulatý stůl) na téma „Sociální "
            "podnikání v Libereckém kraji“: nejprve pracovní setkání se zástupci Libereckého "
            "kraje (duben 2018), poté rozšířené setkání s dalšími partnery (květen 2018)."
        ),
        goals=(
            "- obnovit jednání o sociálním podnikání se zástupci Libereckého kraje a dalšími "
            "relevantními partnery\n"
            "- zhodnotit přínos a negativa krajských sociálních podniků na příkladech dobré "
            "praxe z jiných krajů (Moravskoslezský, Pardubický, Jihočeský kraj) a ze zahraničí"
        ),
    )
    # The seed names no other PZLK working groups: these two exist so that the joint
    # meeting of the pact's groups has more than one group taking part.
    employment = lo.group(
        "pzlk-zamestnanost",
        name="Pracovní skupina Zaměstnanost",
        language=Language.CS,
        timezone=PRAGUE,
        parent_body=parent,
        lead_organisation=pzlk,
    )
    education = lo.group(
        "pzlk-vzdelavani",
        name="Pracovní skupina Vzdělávání",
        language=Language.CS,
        timezone=PRAGUE,
        parent_body=parent,
        lead_organisation=pzlk,
    )

    chair = lo.user(
        "chair@demo.example",
        "Jana Dvořáková",
        "chair, Sociální služby (Liberec)",
        locale="cs",
        organisation_id=annolk.id,
    )
    assistant = lo.user(
        "assistant@demo.example",
        "Eva Nováková",
        "assistant, Sociální služby (Liberec)",
        locale="cs",
        organisation_id=annolk.id,
    )
    member = lo.user(
        "member@demo.example",
        "Petr Svoboda",
        "member, Sociální služby (Liberec)",
        locale="cs",
        organisation_id=kulk.id,
    )
    lo.member(chair, group, Role.CHAIR)
    lo.member(assistant, group, Role.ASSISTANT)
    lo.member(member, group, Role.MEMBER)

    tenth = lo.meeting(
        group,
        10,
        title="10. setkání Odborné pracovní skupiny Sociální služby",
        # The seed gives the date only; 10:00–12:00 is a plausible time of day.
        starts=lo.at(PRAGUE, 2018, 3, 20, 10),
        ends=lo.at(PRAGUE, 2018, 3, 20, 12),
        venue=annolk_venue,
        agenda=[
            {
                "title": "Příprava rozšířeného jednání pracovní skupiny sociální na téma "
                "„Sociální podnikání v Libereckém kraji“",
                "description": "Východiska setkání.",
                "presenter_name": "zástupkyně ANNOLK",
                "kind": ItemKind.DISCUSSION,
            },
            {
                "title": "Stanovení odborného obsahu rozšířeného setkání skupiny",
                "kind": ItemKind.DECISION,
                # The topics the group set for the extended meeting (seed: item 2 a–e).
                "children": [
                    {
                        "title": "Zahájení kulatého stolu, aktuální informace k tématu "
                        "sociálního podnikání"
                    },
                    {
                        "title": "Sociální ekonomika v ČR a krajské sociální podniky – příklady "
                        "dobré praxe a možnost jejich implementace v Libereckém kraji"
                    },
                    {
                        "title": "Sociálně podnikatelská platforma ANNOLK s Platformou NNO aR – "
                        "možnosti spolupráce a vzdělávání"
                    },
                    {
                        "title": "Filantropická burza v Libereckém kraji – možnosti založení a "
                        "přínos"
                    },
                    {
                        "title": "Cíle rozvoje a podpory sociálního podnikání a sociální "
                        "ekonomiky v Libereckém kraji, ČR a EU pro období 2018–2020"
                    },
                ],
            },
            {
                "title": "Zajištění příkladů dobré praxe z jiných krajů a ze zahraničí",
                "presenter_name": "předsedkyně ANNOLK",
            },
            {"title": "Výběr účastníků rozšířeného setkání", "kind": ItemKind.DECISION},
            {"title": "Zajištění prostor pro přípravné jednání"},
            {"title": "Přípravné setkání se zástupci Libereckého kraje"},
        ],
    )
    lo.meeting(
        group,
        11,
        title="11. setkání pracovní skupiny Sociální služby",
        kind=MeetingKind.EXTENDED,
        starts=lo.at(PRAGUE, 2018, 4, 18, 10),
        ends=lo.at(PRAGUE, 2018, 4, 18, 12),
        venue=kulk_venue,
        room="zasedací místnost 326a",
        # The seed's "planned content" is cut off after its first item.
        agenda=[{"title": "Zahájení kulatého stolu"}],
    )
    lo.meeting(
        group,
        12,
        title="Společné setkání pracovních skupin PZLK",
        kind=MeetingKind.JOINT,
        is_public=True,
        starts=lo.at(PRAGUE, 2018, 10, 25, 9, 30),
        # The seed gives the start only and is cut off after the second programme item.
        ends=lo.at(PRAGUE, 2018, 10, 25, 12),
        venue=iq_landia,
        extra_groups=[employment, education],
        agenda=[
            {"title": "Planetárium – komentované představení", "duration_minutes": 60},
            {"title": "Společné zasedání pracovních skupin", "kind": ItemKind.DISCUSSION},
        ],
    )
    lo.meeting(
        group,
        13,
        title="13. setkání pracovní skupiny Sociální služby",
        starts=lo.days_ahead(PRAGUE, 10, 10),
        ends=lo.days_ahead(PRAGUE, 10, 12),
        venue=annolk_venue,
    )
    lo.meeting(
        group,
        14,
        title="14. setkání pracovní skupiny Sociální služby",
        starts=lo.days_ahead(PRAGUE, 40, 10),
        ends=lo.days_ahead(PRAGUE, 40, 12),
        venue=kulk_venue,
        room="zasedací místnost 326a",
    )
    _liberec_series(lo, group, assistant, annolk_venue)

    # Tasks from the 10th meeting's course (seed: items 3, 5 and 6).
    lo.action_item(
        group,
        tenth,
        "Dohodnout termín dubnového jednání se zástupci Libereckého kraje.",
        owner_id=assistant.id,
        due_on=dt.date(2018, 4, 6),
        status=ActionStatus.DONE,
    )
    lo.action_item(
        group,
        tenth,
        "Zajistit prostory pro rozšířené setkání (Krajský úřad Libereckého kraje nebo IQ park "
        "Liberec).",
        owner_id=assistant.id,
        due_on=lo.today + dt.timedelta(days=7),
    )
    lo.action_item(
        group,
        tenth,
        "Pozvat zástupce Moravskoslezského, Pardubického a Jihočeského kraje k představení "
        "krajských sociálních podniků.",
        owner_id=chair.id,
        owner_organisation_id=annolk.id,
        due_on=lo.today - dt.timedelta(days=3),
    )


def _vas(lo: _Loader) -> None:
    """Seed 002: the Vas county pact's "Szociális gondoskodás" working group."""
    county = lo.organisation("Vas Megyei Önkormányzat", city="Szombathely", country="HU")
    venue = lo.venue(
        "Vas Megyei Önkormányzat", "Szombathely", country="HU", organisation_id=county.id
    )
    group = lo.group(
        "vas-szocialis-gondoskodas",
        name="Szociális gondoskodás",
        language=Language.HU,
        timezone=BUDAPEST,
        is_public=False,
        parent_body="Vas megyei foglalkoztatási-gazdaságfejlesztési Paktum",
        lead_organisation=county,
        description=(
            "A Vas Megyei Önkormányzat által vezetett konzorcium támogatást nyert a „Vas "
            "megyei foglalkoztatási-gazdaságfejlesztési Paktum” c. projekt működtetésére. A "
            "program keretében fontosnak tartjuk a gazdaság és foglalkoztatás fejlesztés "
            "speciális területeinek és így a szociális gazdaságnak a megyében betöltött "
            "szerepét, szereplőinek számbavételét, fejlesztésének lehetőségeit.\n\n"
            "Ennek a gondolatnak a megvalósítása céljából indítjuk el a Szociális "
            "gondoskodás elnevezésű munkacsoport működését."
        ),
        goals=(
            "A szociális gazdaságba potenciálisan bekapcsolható szervezetek (civil "
            "szervezetek, vállalkozások, valamint a helyi önkormányzatok) alapvető "
            "információk átadásával tehetők érdekeltté és motiválttá abban, hogy a szociális "
            "gazdaság aktív, helyi szereplőivé váljanak; ideértve forrásszerzési képességük "
            "növelését is."
        ),
    )
    secretary = lo.user(
        "titkar@demo.example",
        "Nagy Katalin",
        "assistant (titkár), Szociális gondoskodás (Vas)",
        locale="hu",
        timezone=BUDAPEST,
        organisation_id=county.id,
    )
    member = lo.user(
        "tag@demo.example",
        "Kovács Péter",
        "member (tag), Szociális gondoskodás (Vas)",
        locale="hu",
        timezone=BUDAPEST,
        organisation_id=county.id,
    )
    lo.member(secretary, group, Role.ASSISTANT)
    lo.member(member, group, Role.MEMBER)
    # The group was started with this meeting, so it is numbered 1; the seed gives no end.
    lo.meeting(
        group,
        1,
        title="Munkacsoport ülés – Szociális gondoskodás",
        is_public=True,
        starts=lo.at(BUDAPEST, 2022, 10, 27, 10),
        ends=lo.at(BUDAPEST, 2022, 10, 27, 12),
        venue=venue,
    )
    lo.meeting(
        group,
        2,
        title="A Szociális gondoskodás munkacsoport 2. ülése",
        starts=lo.days_ahead(BUDAPEST, 20, 10),
        ends=lo.days_ahead(BUDAPEST, 20, 12),
        venue=venue,
    )


def _kosice(lo: _Loader) -> None:
    """Seed 000: the Košice regional office's social development unit."""
    office = lo.organisation(
        "Úrad Košického samosprávneho kraja",
        short_name="Úrad KSK",
        department="Odbor sociálnych vecí",
        street="Nám. Maratónu Mieru 1",
        postcode="042 66",
        city="Košice",
        country="SK",
        phone="055/72 68 299, 72 68 297",
    )
    lo.office_hours(
        office,
        {
            0: ("07:30", "15:30"),
            1: ("07:30", "15:30"),
            2: ("07:30", "16:30"),
            3: ("07:30", "15:30"),
            4: ("07:30", "14:30"),
        },
    )
    venue = lo.venue(
        "Úrad Košického samosprávneho kraja",
        "Košice",
        street="Nám. Maratónu Mieru 1",
        postcode="042 66",
        country="SK",
        organisation_id=office.id,
    )
    group = lo.group(
        "ksk-socialny-rozvoj",
        name="Sociálny rozvoj mikroregiónov / Sociálne podnikanie",
        language=Language.SK,
        timezone=BRATISLAVA,
        is_public=True,
        parent_body="Úrad Košického samosprávneho kraja, Odbor sociálnych vecí",
        lead_organisation=office,
        description=(
            "V Košickom kraji sa nachádza pomerne veľké množstvo sociálne ohrozených a "
            "vylúčených komunít. Na podporu riešenia problémov týchto skupín vznikol na Úrade "
            "KSK samostatný referát. Jeho úlohou je hľadať cesty pomoci a podpory pre dané "
            "cieľové skupiny."
        ),
        goals=(
            "1. Podpora vylúčených komunít cez rôzne aktivity komunitných centier, "
            "neziskových organizácií a samosprávy prostredníctvom:\n"
            "   - pomoci a podpory registrovaným komunitným centrám, neziskovým organizáciám, "
            "občianskym združeniam a ďalším organizáciám i jednotlivcom pôsobiacim v oblasti "
            "rozvoja komunitného života\n"
            "   - návštev komunít za účelom spoznania ich problémov a hľadania riešení\n"
            "   - poskytovania informácií o zaujímavých aktivitách v oblasti vzdelávania, "
            "sieťovania a spolupráce podporných subjektov\n"
            "   - vytvárania a zapájania sa do iniciatív a projektov napomáhajúcich rozvoju a "
            "zlepšovaniu života komunít\n"
            "   - podpory druhošancového vzdelávania a ďalších aktivít smerujúcich k zvýšeniu "
            "zamestnateľnosti vylúčených komunít\n"
            "2. Podpora rozvoja komunít a obcí cez sociálne podnikanie, inovácie a ďalšie "
            "nástroje sociálnej ekonomiky cez:\n"
            "   - podporu, propagáciu a vzdelávanie v oblasti sociálneho podnikania a "
            "sociálnej ekonomiky\n"
            "   - konzultácie k príprave, založeniu a rozbehu sociálnych podnikov pre mestá, "
            "obce, tretí sektor i podnikateľské subjekty\n"
            "   - vytváranie sociálnych podnikov\n"
            "   - spájanie a sieťovanie subjektov napomáhajúcich k rozvoju sociálneho "
            "podnikania v košickom kraji\n"
            "   - tvorbu a realizáciu projektov napomáhajúcich rozvoju komunít, regiónov, "
            "zlepšujúcich kvalitu života občanov\n"
            "   - zapájanie sa do iniciatív v oblasti komunitného plánovania, strategického a "
            "rozvojového plánovania\n"
            "   - pomoc a podporu realizácie zámerov podpory trvalej zamestnateľnosti "
            "zraniteľných a znevýhodnených skupín, najmä dlhodobo nezamestnaných"
        ),
    )
    officer = lo.user(
        "kosice@demo.example",
        "Martin Horváth",
        "assistant, Sociálny rozvoj mikroregiónov (KSK)",
        locale="sk",
        timezone=BRATISLAVA,
        organisation_id=office.id,
    )
    lo.member(officer, group, Role.ASSISTANT)
    # An upcoming public event, so that the events page has something ahead (made up:
    # the seed lists the unit's priorities, not its events).
    lo.meeting(
        group,
        1,
        title="Informačné podujatie o sociálnom podnikaní v Košickom kraji",
        kind=MeetingKind.PUBLIC_EVENT,
        is_public=True,
        starts=lo.days_ahead(BRATISLAVA, 25, 9),
        ends=lo.days_ahead(BRATISLAVA, 25, 12),
        venue=venue,
    )


#: Seed 003 names twelve partners from ten countries but gives no organisation names;
#: the demo has one partner per country, named by its country.
ENSIE_COUNTRIES = [
    ("Slovakia", "SK"),
    ("Hungary", "HU"),
    ("Italy", "IT"),
    ("Romania", "RO"),
    ("Portugal", "PT"),
    ("Latvia", "LV"),
    ("Czechia", "CZ"),
    ("Serbia", "RS"),
    ("Croatia", "HR"),
    ("Slovenia", "SI"),
]


def _ensie(lo: _Loader) -> None:
    """Seed 003: the ENSIE network (Europe for Citizens), as seen by its Latvian partner."""
    partners = {}
    for country, code in ENSIE_COUNTRIES:
        extra: dict[str, Any] = {}
        if code == "LV":
            extra = {"website": "https://www.socialinnovation.lv"}
        partners[code] = lo.organisation(
            f"Partner organisation ({country})",
            country=code,
            description="Partner of the ENSIE project 588997-CITIZ-1-2017-1-1SK-CITIZ-NT.",
            **extra,
        )
    group = lo.group(
        "ensie",
        name="Eiropas tīkls sociālās integrācijas uzņēmējdarbībai (ENSIE)",
        language=Language.LV,
        timezone=RIGA,
        is_public=True,
        parent_body=(
            "Programma „Eiropa pilsoņiem”, 2. virziens, 2.2. pasākums „Pilsētu tīkli”; "
            "projekts 588997-CITIZ-1-2017-1-1SK-CITIZ-NT"
        ),
        lead_organisation=partners["LV"],
        contact_email="anita.stirane@socialinnovation.lv",
        description=(
            "Projekta galvenais mērķis bija izveidot starptautisku tīklu zināšanu apmaiņai "
            "sociālās integrācijas uzņēmumu jomā, partneru tīklam ietverot pilsētas, "
            "pašvaldības, ekspertus, bezpeļņas organizācijas, kā arī izglītības un "
            "pētniecības iestādes.\n\n"
            "Projektā iesaistīti 12 partneri no desmit Eiropas valstīm: Slovākijas, "
            "Ungārijas, Itālijas, Rumānijas, Portugāles, Latvijas, Čehijas, Serbijas, "
            "Horvātijas un Slovēnijas. Projekts tika realizēts periodā no 2017. gada "
            "septembra līdz 2018. gada decembrim, īstenojot 6 pasākumus.\n\n"
            "Kontaktinformācija: Anita Stirāne, projekta vadītāja Latvijā, "
            "anita.stirane@socialinnovation.lv, www.socialinnovation.lv"
        ),
        goals=(
            "- veicināt nelabvēlīgā situācijā esošu grupu sociālo iekļaušanu\n"
            "- likvidēt sociālo nevienlīdzību\n"
            "- mazināt bezdarbu\n"
            "- uzlabot pakalpojumu kvalitāti vietējām kopienām\n"
            "- kontekstualizēt sociālās integrācijas uzņēmumus ES politikas virzienos"
        ),
    )
    member = lo.user(
        "dalibnieks@demo.example",
        "Jānis Bērziņš",
        "member (dalībnieks), ENSIE",
        locale="lv",
        timezone=RIGA,
        organisation_id=partners["LV"].id,
    )
    lo.member(member, group, Role.MEMBER)
    # The seed gives only the count (six events) and the period (September 2017 to
    # December 2018); the dates below are spread over that period, not real event dates.
    dates = [
        (2017, 9, 28),
        (2018, 1, 25),
        (2018, 4, 19),
        (2018, 6, 14),
        (2018, 9, 20),
        (2018, 12, 6),
    ]
    for number, (year, month, day) in enumerate(dates, start=1):
        lo.meeting(
            group,
            number,
            title=f"ENSIE projekta pasākums Nr. {number}",
            kind=MeetingKind.PUBLIC_EVENT,
            is_public=True,
            starts=lo.at(RIGA, year, month, day, 10),
            ends=lo.at(RIGA, year, month, day, 16),
        )


def _nkcsi(lo: _Loader) -> None:
    """Seed 004: the Slovak national competence centre for social innovation (SI PLUS)."""
    ministry = lo.organisation(
        "Ministerstvo práce, sociálnych vecí a rodiny SR", short_name="MPSVR SR", country="SK"
    )
    for name, code in [
        ("L&R Social Research", "AT"),
        ("arbeit plus", "AT"),
        ("IFKA Public Benefit Non-Profit Ltd.", "HU"),
        ("Sofia Development Association", "BG"),
    ]:
        lo.organisation(
            name,
            country=code,
            description="Partner of the EaSI project Social Innovation Plus – Competence "
            "Centres (SI PLUS).",
        )
    group = lo.group(
        "nkcsi",
        name="Národné kompetenčné centrum pre sociálne inovácie",
        language=Language.SK,
        timezone=BRATISLAVA,
        is_public=True,
        parent_body="Social Innovation Plus – Competence Centres (SI PLUS), program EaSI",
        lead_organisation=ministry,
        description=(
            "Projekt trvá dva roky (máj 2021 – apríl 2023). Jeho cieľom je zriadiť udržateľné "
            "Národné kompetenčné centrum pre sociálne inovácie (NKCSI) reagujúce na výzvy pri "
            "riešení sociálnych a spoločenských problémov.\n\n"
            "Partneri: L&R Social Research, arbeit plus (Rakúsko), IFKA Public Benefit "
            "Non-Profit Ltd. (Maďarsko), Sofia Development Association (Bulharsko).\n\n"
            "Bližšie informácie: www.socialneinovacie.gov.sk"
        ),
        goals=(
            "- Analýza a mapovanie ekosystému v oblasti sociálnych inovácií v SR\n"
            "- Založenie Národného kompetenčného centra pre sociálne inovácie (web platforma)\n"
            "- Výmena skúseností, príkladov dobrej praxe, sieťovanie a budovanie kapacít\n"
            "- Propagácia výsledkov projektu a osveta sociálnych inovácií"
        ),
    )
    person = lo.user(
        "nkcsi@demo.example",
        "Zuzana Kováčová",
        "chair, NKCSI",
        locale="sk",
        timezone=BRATISLAVA,
        organisation_id=ministry.id,
    )
    lo.member(person, group, Role.CHAIR)
