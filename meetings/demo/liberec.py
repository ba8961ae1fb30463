"""Seed 001: the Liberec employment pact's social services working group, its people,
venues and meetings (the 10th to the 14th, and an upcoming monthly series), its tasks, and
a decision it took by correspondence between meetings (per rollam, April 2018). The
minutes of its 10th and 11th meetings are in ``liberec_minutes``."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..agenda.enums import ItemKind
from ..correspondence import services as correspondence
from ..correspondence.enums import Channel, Choice, CloseReason
from ..correspondence.models import CorrespondenceBallot, CorrespondenceVote
from ..correspondence.outcome import quorum_of
from ..groups.enums import Language, Role
from ..minutes.enums import ActionStatus
from ..models import Meeting, Organisation, User, Venue, WorkingGroup
from ..scheduling.enums import MeetingKind, MeetingStatus
from ..scheduling.models import MeetingSeries
from ..scheduling.recurrence import SeriesFrequency, build_rule
from ..scheduling.series import SeriesData, create_series
from ..scheduling.services import MeetingData, update_meeting
from ..scheduling.workflow import transition_meeting
from ..storage import services as storage
from .loader import PRAGUE, Loader, demo_logo


class _Organisations(NamedTuple):
    pzlk: Organisation
    annolk: Organisation
    kulk: Organisation


class _Venues(NamedTuple):
    annolk: Venue
    kulk: Venue
    iq_landia: Venue


class _Groups(NamedTuple):
    social_services: WorkingGroup
    employment: WorkingGroup
    education: WorkingGroup


class _People(NamedTuple):
    chair: User
    assistant: User
    member: User


def load_liberec(lo: Loader) -> None:
    """Seed 001: the Liberec employment pact's social services working group."""
    organisations = _organisations(lo)
    venues = _venues(lo, organisations)
    groups = _groups(lo, organisations.pzlk)
    people = _people(lo, groups.social_services, organisations)
    _letterheads(organisations.pzlk, groups)
    tenth = _tenth_meeting(lo, groups.social_services, venues.annolk)
    _later_meetings(lo, groups, venues)
    _monthly_series(lo, groups.social_services, people.assistant, venues.annolk)
    _tasks(lo, groups.social_services, tenth, people, organisations.annolk)
    _vote_by_correspondence(lo, groups.social_services, people)


def _organisations(lo: Loader) -> _Organisations:
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
    return _Organisations(pzlk, annolk, kulk)


def _venues(lo: Loader, organisations: _Organisations) -> _Venues:
    annolk, kulk = organisations.annolk, organisations.kulk
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
    return _Venues(annolk_venue, kulk_venue, iq_landia)


#: The pact's projects were paid from the European Social Fund (OP Zaměstnanost): every
#: document shows it, as the programme requires.
FUNDING_LINE = (
    "Tento projekt je spolufinancován Evropskou unií z Evropského sociálního fondu "
    "v rámci Operačního programu Zaměstnanost."
)


def _letterheads(pzlk: Organisation, groups: _Groups) -> None:
    """The pact's letterhead on its groups' documents, with the ESF funding foot. The demo
    draws its own stand-in logos (not the real marks)."""
    if pzlk.logo is None:
        pzlk.logo = storage.store(
            demo_logo("PZLK", "Pakt zaměstnanosti Libereckého kraje", "#1f5f8b"), "image/png"
        )
    for group in groups:
        if group.funding_line is None:
            group.funding_line = FUNDING_LINE
        if group.funding_logo is None:
            group.funding_logo = storage.store(
                demo_logo("EU", "Evropská unie · Evropský sociální fond", "#003399"),
                "image/png",
            )


def _groups(lo: Loader, pzlk: Organisation) -> _Groups:
    parent = "Pakt zaměstnanosti Libereckého kraje (PZLK)"
    group = lo.group(
        "pzlk-socialni-sluzby",
        name="Odborná pracovní skupina Sociální služby",
        language=Language.CS,
        timezone=PRAGUE,
        is_public=False,
        parent_body=parent,
        lead_organisation=pzlk,
        # Decisions need two of its members; its minutes are filed as PS-SOC/2018/10, with
        # a member who verifies them ("ověřovatel zápisu") before the chair approves.
        quorum=2,
        minutes_reference_pattern="PS-SOC/{year}/{number}",
        requires_minutes_verification=True,
        # Its invitations carry the invitation letter (Pozvánka) on the pact's letterhead.
        attaches_invitation_letter=True,
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
    return _Groups(group, employment, education)


def _people(lo: Loader, group: WorkingGroup, organisations: _Organisations) -> _People:
    annolk, kulk = organisations.annolk, organisations.kulk
    chair = lo.user(
        "chair@demo.example",
        "Jana Dvořáková",
        "chair, Sociální služby (Liberec)",
        locale="cs",
        grammatical_gender="feminine",
        organisation_id=annolk.id,
    )
    assistant = lo.user(
        "assistant@demo.example",
        "Eva Nováková",
        "assistant, Sociální služby (Liberec)",
        locale="cs",
        grammatical_gender="feminine",
        organisation_id=annolk.id,
    )
    member = lo.user(
        "member@demo.example",
        "Petr Svoboda",
        "member, Sociální služby (Liberec)",
        locale="cs",
        grammatical_gender="masculine",
        organisation_id=kulk.id,
    )
    lo.member(chair, group, Role.CHAIR)
    lo.member(assistant, group, Role.ASSISTANT)
    lo.member(member, group, Role.MEMBER)
    return _People(chair, assistant, member)


def _tenth_meeting(lo: Loader, group: WorkingGroup, annolk_venue: Venue) -> Meeting:
    """The 10th meeting with the agenda of the seed (the minutes follow in
    ``liberec_minutes``)."""
    return lo.meeting(
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


def _later_meetings(lo: Loader, groups: _Groups, venues: _Venues) -> None:
    """The 11th (extended) and 12th (joint, public) meetings of the seed; the 13th and 14th
    are upcoming (made up)."""
    group, employment, education = groups
    annolk_venue, kulk_venue, iq_landia = venues
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
        # Hybrid: members from the region's towns join online.
        online_url="https://meet.jit.si/PZLK-Socialni-sluzby-13",
        # Answers are asked for three days before the meeting.
        answer_by=lo.days_ahead(PRAGUE, 7, 10).date(),
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


def _monthly_series(lo: Loader, group: WorkingGroup, assistant: User, venue: Venue) -> None:
    """An upcoming monthly series (second Wednesday, 10:00–12:00), scheduled: each member
    gets it as one invitation. Then its third meeting is moved to the Thursday (one update
    with its RECURRENCE-ID) and its fourth is cancelled (one CANCEL): the series form, with
    an exception and an exclusion, in the demo's invitations and feeds."""
    if lo.find(MeetingSeries, group_id=group.id):
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
    lo.count("MeetingSeries")
    for _meeting in meetings:
        lo.count("Meeting")
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


def _tasks(
    lo: Loader, group: WorkingGroup, tenth: Meeting, people: _People, annolk: Organisation
) -> None:
    chair, assistant = people.chair, people.assistant
    # The tasks still open today were carried over at the 11th meeting: the 10th meeting's
    # published minutes keep only what was decided then, with its 2018 dates.
    eleventh = lo.find(Meeting, group_id=group.id, number=11) or tenth
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
        eleventh,
        "Zajistit prostory pro rozšířené setkání (Krajský úřad Libereckého kraje nebo IQ park "
        "Liberec).",
        owner_id=assistant.id,
        due_on=lo.today + dt.timedelta(days=7),
    )
    lo.action_item(
        group,
        eleventh,
        "Pozvat zástupce Moravskoslezského, Pardubického a Jihočeského kraje k představení "
        "krajských sociálních podniků.",
        owner_id=chair.id,
        owner_organisation_id=annolk.id,
        due_on=lo.today - dt.timedelta(days=3),
    )
    # The member's own task, overdue: his dashboard shows it first, marked.
    lo.action_item(
        group,
        eleventh,
        "Poslat přehled sociálních podniků Libereckého kraje pro rozšířené setkání.",
        owner_id=people.member.id,
        due_on=lo.today - dt.timedelta(days=5),
    )


#: The decision by correspondence (per rollam) between the 11th meeting and the extended
#: one: the seed plans the round table for May 2018 without a date; the date and the vote
#: are made up.
VOTE_TITLE = "Termín a místo rozšířeného setkání (kulatého stolu)"
VOTE_PROPOSAL = (
    "Pracovní skupina schvaluje konání rozšířeného setkání (kulatého stolu) na téma "
    "„Sociální podnikání v Libereckém kraji“ dne 24. 5. 2018 od 9:30 v prostorách "
    "Krajského úřadu Libereckého kraje, U Jezu 642/2a, Liberec."
)
VOTE_EXPLANATION = (
    "Na 11. setkání se termín rozšířeného setkání nepodařilo dohodnout. Aby pozvánky "
    "partnerům mohly odejít včas, rozhoduje pracovní skupina per rollam."
)


def _vote_by_correspondence(lo: Loader, group: WorkingGroup, people: _People) -> None:
    """A finished vote by correspondence in the group's register of decisions: put to the
    three voting members by the assistant, the member abstaining by the link in his e-mail,
    the chair and the assistant for it in the app; closed once all had voted, adopted as
    PR/2018/1."""
    if lo.find(CorrespondenceVote, group_id=group.id, title=VOTE_TITLE):
        return
    started = lo.at(PRAGUE, 2018, 4, 25, 10)
    voters = [people.chair, people.assistant, people.member]
    quorum = quorum_of(group, len(voters))
    vote = lo.add(
        CorrespondenceVote(
            group=group,
            title=VOTE_TITLE,
            proposal=VOTE_PROPOSAL,
            explanation=VOTE_EXPLANATION,
            timezone=group.timezone,
            deadline_at=lo.at(PRAGUE, 2018, 5, 2, 12),
            started_at=started,
            started_by_id=people.assistant.id,
            voting_members=len(voters),
            quorum_basis=quorum.basis,
            quorum_needed=quorum.needed,
        )
    )
    ballots = [
        (people.member, Choice.ABSTAIN, lo.at(PRAGUE, 2018, 4, 25, 14, 10), Channel.LINK),
        (people.chair, Choice.FOR, lo.at(PRAGUE, 2018, 4, 26, 9, 5), Channel.PAGE),
        (people.assistant, Choice.FOR, lo.at(PRAGUE, 2018, 4, 27, 8, 30), Channel.PAGE),
    ]
    for user, choice, cast_at, channel in ballots:
        lo.add(
            CorrespondenceBallot(
                vote=vote, user=user, choice=choice, cast_at=cast_at, channel=channel
            )
        )
    # Closed once all had voted: numbered, no e-mail (it is of 2018). Its signed record is
    # made after the commit: by `flask demo` at once, else by the worker's job.
    correspondence.close_vote(
        vote, reason=CloseReason.ALL_VOTED, now=ballots[-1][2], announce=False
    )
