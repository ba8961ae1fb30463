"""``flask demo``: the demo data from the seed documents, loaded once however often it runs."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import select

from meetings.auth.services import password_matches
from meetings.demo import DEMO_PASSWORD, load_demo
from meetings.demo.pzlk_assistants import PROPOSED_TITLE
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.models import (
    AgendaItem,
    Meeting,
    Membership,
    OfficeHours,
    Organisation,
    User,
    WorkingGroup,
)
from meetings.scheduling.enums import MeetingKind, MeetingStatus, ProposalState

from .conftest import translated

UTC = dt.UTC


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _group(slug: str) -> WorkingGroup:
    return db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == slug)).one()


def _meeting(slug: str, number: int) -> Meeting:
    return db.session.scalars(
        select(Meeting)
        .join(Meeting.group)
        .where(WorkingGroup.slug == slug, Meeting.number == number)
    ).one()


def test_demo_command_twice_adds_nothing_the_second_time(app, db_session):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["demo"])
    after_first = _row_counts()
    second = runner.invoke(args=["demo"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert _row_counts() == after_first
    assert after_first["meetings"] > 0
    assert "nothing added" in second.output


def test_demo_command_prints_the_accounts_and_password(app, db_session):
    result = app.test_cli_runner().invoke(args=["demo"])

    for email in (
        "admin@demo.example",
        "assistant@demo.example",
        "chair@demo.example",
        "member@demo.example",
        "tag@demo.example",
    ):
        assert email in result.output
    assert DEMO_PASSWORD in result.output


def test_load_demo_twice_creates_nothing_the_second_time(db_session):
    first = load_demo()
    counts = _row_counts()
    second = load_demo()

    assert first.total_created > 0
    assert second.total_created == 0
    assert _row_counts() == counts


def test_demo_fixture_holds_everything_load_demo_adds(demo):
    """The ``demo`` fixture copies what a load added once: loading again finds it all."""
    counts = _row_counts()

    again = load_demo()

    assert again.total_created == 0
    assert _row_counts() == counts
    assert counts["meetings"] > 0


def test_demo_accounts_sign_in_with_the_demo_password(demo):
    users = db.session.scalars(select(User).where(User.email.like("%@demo.example"))).all()

    assert len(users) >= 5
    assert all(password_matches(u.password_hash, DEMO_PASSWORD) for u in users)
    admin = db.session.scalars(select(User).where(User.email == "admin@demo.example")).one()
    assert admin.is_admin is True


def test_demo_liberec_group_roles(demo):
    group = _group("pzlk-socialni-sluzby")
    roles = {
        m.user.email: m.role
        for m in db.session.scalars(select(Membership).where(Membership.group_id == group.id))
    }

    assert roles == {
        "chair@demo.example": Role.CHAIR,
        "assistant@demo.example": Role.ASSISTANT,
        "member@demo.example": Role.MEMBER,
    }
    assert group.language == "cs"
    assert group.timezone == "Europe/Prague"
    assert group.parent_body == "Pakt zaměstnanosti Libereckého kraje (PZLK)"


def test_demo_liberec_meetings_10_and_11_with_venues_and_rooms(demo):
    tenth = _meeting("pzlk-socialni-sluzby", 10)
    eleventh = _meeting("pzlk-socialni-sluzby", 11)

    assert tenth.starts_at == dt.datetime(2018, 3, 20, 9, 0, tzinfo=UTC)  # 10:00 CET
    assert tenth.venue.name == "ANNOLK"
    assert tenth.venue.address == "U Nisy 362/6, 460 01 Liberec"
    assert tenth.room_name == "zasedací místnost 2. patro"
    assert tenth.status == MeetingStatus.HELD
    assert tenth.timezone == "Europe/Prague"

    assert eleventh.starts_at == dt.datetime(2018, 4, 18, 8, 0, tzinfo=UTC)  # 10:00 CEST
    assert eleventh.venue.name == "Krajský úřad Libereckého kraje"
    assert eleventh.venue.street == "U Jezu 642/2a"
    assert eleventh.room_name == "zasedací místnost 326a"
    assert [i.title for i in eleventh.agenda_items] == ["Zahájení kulatého stolu"]


def test_demo_meeting_10_has_six_items_and_five_sub_items_under_item_2(demo):
    tenth = _meeting("pzlk-socialni-sluzby", 10)
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == tenth.id)).all()
    top = sorted((i for i in items if i.parent_id is None), key=lambda i: i.position)
    subs = sorted((i for i in items if i.parent_id is not None), key=lambda i: i.position)

    assert len(top) == 6
    assert top[1].title == "Stanovení odborného obsahu rozšířeného setkání skupiny"
    assert [s.parent_id for s in subs] == [top[1].id] * 5
    assert subs[0].title.startswith("Zahájení kulatého stolu")
    assert subs[4].title.startswith("Cíle rozvoje a podpory sociálního podnikání")


def test_demo_joint_meeting_of_the_pzlk_groups(demo):
    joint = db.session.scalars(
        select(Meeting).where(
            Meeting.kind == MeetingKind.JOINT,
            Meeting.title == "Společné setkání pracovních skupin PZLK",
        )
    ).one()

    assert joint.starts_at == dt.datetime(2018, 10, 25, 7, 30, tzinfo=UTC)  # 9:30 CEST
    assert joint.venue.name == "IQ Landia"
    assert len(joint.groups) == 3
    assert [(i.title, i.duration_minutes) for i in joint.agenda_items] == [
        ("Planetárium – komentované představení", 60),
        ("Společné zasedání pracovních skupin", None),
    ]


def test_demo_vas_meeting_starts_10_budapest_time(demo):
    meeting = db.session.scalars(
        select(Meeting).where(Meeting.title == "Munkacsoport ülés – Szociális gondoskodás")
    ).one()

    assert meeting.starts_at == dt.datetime(2022, 10, 27, 8, 0, tzinfo=UTC)
    assert meeting.timezone == "Europe/Budapest"
    assert meeting.venue.city == "Szombathely"
    assert meeting.group.language == "hu"


def test_demo_kosice_office_hours(demo):
    office = db.session.scalars(
        select(Organisation).where(Organisation.name == "Úrad Košického samosprávneho kraja")
    ).one()
    hours = {
        h.weekday: (h.opens, h.closes)
        for h in db.session.scalars(
            select(OfficeHours).where(OfficeHours.organisation_id == office.id)
        )
    }

    assert office.department == "Odbor sociálnych vecí"
    assert office.phone == "055/72 68 299, 72 68 297"
    assert hours[2] == (dt.time(7, 30), dt.time(16, 30))
    assert hours[4] == (dt.time(7, 30), dt.time(14, 30))
    assert sorted(hours) == [0, 1, 2, 3, 4]


def test_demo_ensie_has_ten_partner_countries_and_six_public_events(demo):
    group = _group("ensie")
    events = db.session.scalars(select(Meeting).where(Meeting.group_id == group.id)).all()
    partners = db.session.scalars(
        select(Organisation).where(Organisation.name.like("Partner organisation (%)"))
    ).all()

    assert group.is_public is True
    assert group.contact_email == "anita.stirane@socialinnovation.lv"
    assert len({p.country for p in partners}) == 10
    assert len(events) == 6
    assert all(e.kind == MeetingKind.PUBLIC_EVENT and e.is_public for e in events)
    assert all(
        dt.datetime(2017, 9, 1, tzinfo=UTC) <= e.starts_at < dt.datetime(2019, 1, 1, tzinfo=UTC)
        for e in events
    )


def test_demo_nkcsi_partners(demo):
    group = _group("nkcsi")
    names = set(db.session.scalars(select(Organisation.name)))

    assert group.lead_organisation.name == "Ministerstvo práce, sociálnych vecí a rodiny SR"
    assert {
        "L&R Social Research",
        "arbeit plus",
        "IFKA Public Benefit Non-Profit Ltd.",
        "Sofia Development Association",
    } <= names


def test_demo_upcoming_meetings_continue_the_numbering(demo):
    # The fixture's demo is loaded for today (``load_demo(today=dt.date.today())``).
    group = _group("pzlk-socialni-sluzby")
    numbers = db.session.scalars(
        select(Meeting.number).where(Meeting.group_id == group.id).order_by(Meeting.number)
    ).all()
    upcoming = db.session.scalars(
        select(Meeting).where(Meeting.starts_at > dt.datetime.now(UTC))
    ).all()

    # 10–14 from the seeds and days ahead, 15–20 the monthly series (its 18th cancelled),
    # 21 the joint meeting proposed to the pact's other groups, after the series.
    assert numbers == list(range(10, 22))
    assert group.meeting_counter == 21
    assert sorted((m.number, m.status) for m in upcoming if m.series_id) == [
        (15, MeetingStatus.SCHEDULED),
        (16, MeetingStatus.SCHEDULED),
        (17, MeetingStatus.SCHEDULED),
        (18, MeetingStatus.CANCELLED),
        (19, MeetingStatus.SCHEDULED),
        (20, MeetingStatus.SCHEDULED),
    ]
    assert {m.status for m in upcoming if not m.series_id} == {MeetingStatus.SCHEDULED}
    assert len(upcoming) >= 4
    assert any(m.kind == MeetingKind.PUBLIC_EVENT for m in upcoming)


def test_demo_vas_member_cannot_see_liberec_group_members_or_meetings(demo, login_as):
    vas_member = db.session.scalar(select(User).where(User.email == "tag@demo.example"))
    liberec = db.session.scalar(
        select(WorkingGroup).where(WorkingGroup.slug == "pzlk-socialni-sluzby")
    )
    tenth = db.session.scalar(
        select(Meeting).where(Meeting.group_id == liberec.id, Meeting.number == 10)
    )
    client = login_as(vas_member)

    statuses = {
        url: client.get(url).status_code
        for url in (
            f"/groups/{liberec.slug}",
            f"/groups/{liberec.slug}/members",
            f"/meetings/{tenth.id}",
        )
    }
    assert set(statuses.values()) == {404}
    groups_page = client.get("/groups/").get_data(as_text=True)
    assert "Szociális gondoskodás" in groups_page
    assert liberec.name not in groups_page


def test_demo_public_bodies_state_their_quorum_rule(demo, client):
    """The public groups of offices and pacts say on their page when they may decide; the
    EU project network (a consortium without a statute quorum) sets none."""
    page = client.get("/groups/ksk-socialny-rozvoj", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "More than half of the voting members" in page.get_data(as_text=True)
    rules = {g.slug: g.quorum_rule for g in db.session.scalars(select(WorkingGroup)).all()}
    assert rules["vas-szocialis-gondoskodas"] == "majority"
    assert rules["nkcsi"] == "majority"
    assert rules["ensie"] == "count"


def test_demo_joint_meeting_waits_for_the_employment_group(demo, login_as):
    meeting = db.session.scalars(select(Meeting).where(Meeting.title == PROPOSED_TITLE)).one()
    states = {p.group.slug: p.state for p in meeting.joint_proposals}
    employment_assistant = db.session.scalars(
        select(User).where(User.email == "zamestnanost@demo.example")
    ).one()

    assert meeting.status == MeetingStatus.SCHEDULED
    assert states == {
        "pzlk-zamestnanost": ProposalState.PROPOSED,
        "pzlk-vzdelavani": ProposalState.ACCEPTED,
    }
    assert [g.slug for g in meeting.groups] == ["pzlk-socialni-sluzby", "pzlk-vzdelavani"]
    dashboard = login_as(employment_assistant).get("/dashboard").text
    assert translated("cs", "Proposed joint meetings") in dashboard
    assert PROPOSED_TITLE in dashboard
