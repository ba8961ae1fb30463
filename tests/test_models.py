"""Database constraints: what must never be violated is refused by the database itself."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.minutes.enums import MinutesState
from meetings.models import Invitation, Meeting, Membership, Minutes, User, Venue, WorkingGroup
from meetings.scheduling.enums import MeetingStatus

from . import factories


def test_meeting_number_duplicate_in_group_rejected(db_session):
    group = factories.make_group()
    factories.make_meeting(group, number=10)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        factories.make_meeting(group, number=10)


def test_meeting_number_same_in_other_group_allowed(db_session):
    first, second = factories.make_group(), factories.make_group()
    factories.make_meeting(first, number=10)
    meeting = factories.make_meeting(second, number=10)
    assert meeting.number == 10


def test_meeting_drafts_without_number_coexist(db_session):
    group = factories.make_group()
    factories.make_meeting(group, status=MeetingStatus.DRAFT)
    factories.make_meeting(group, status=MeetingStatus.DRAFT)
    drafts = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Meeting)
        .where(Meeting.group_id == group.id, Meeting.number.is_(None))
    )
    assert drafts == 2


def test_user_email_unique_regardless_of_case(db_session):
    factories.make_user("Anna.Novak@Example.org")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        factories.make_user("anna.novak@example.ORG")


def test_user_email_stored_lower_case(db_session):
    user = factories.make_user("  Eva@Example.ORG ")
    assert user.email == "eva@example.org"


def test_user_email_upper_case_refused_by_database(db_session):
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            sa.insert(User.__table__).values(
                email="Big@Example.org",
                name="Big",
                is_admin=False,
                is_enabled=True,
                session_version=1,
                created_at=dt.datetime.now(dt.UTC),
            )
        )


def test_meeting_ending_before_start_rejected(db_session):
    group = factories.make_group()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        factories.make_meeting(group, hours=-1)


def test_naive_datetime_refused(db_session):
    group = factories.make_group()
    with pytest.raises(StatementError, match="naive datetime"), db.session.begin_nested():
        factories.make_meeting(group, starts_at=dt.datetime(2030, 1, 1, 10, 0))


def test_datetimes_come_back_aware_in_utc(db_session):
    group = factories.make_group(timezone="Europe/Budapest")
    starts = factories.local_time("Europe/Budapest", 2022, 10, 27, 10, 0)
    meeting = factories.make_meeting(group, starts_at=starts)
    db.session.expire_all()
    meeting = db.session.get(type(meeting), meeting.id)
    assert meeting.starts_at == starts
    assert meeting.starts_at.tzinfo == dt.UTC
    assert meeting.starts_at.hour == 8


def test_group_with_meetings_cannot_be_deleted(db_session):
    group = factories.make_group()
    factories.make_meeting(group)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(sa.delete(WorkingGroup).where(WorkingGroup.id == group.id))


def test_deleting_user_removes_memberships(db_session):
    group = factories.make_group()
    user = factories.make_user()
    factories.add_member(user, group, Role.MEMBER)
    db.session.execute(sa.delete(User).where(User.id == user.id))
    remaining = db.session.scalars(
        sa.select(Membership).where(Membership.group_id == group.id)
    ).all()
    assert remaining == []


def test_membership_twice_in_same_group_rejected(db_session):
    group = factories.make_group()
    user = factories.make_user()
    factories.add_member(user, group, Role.MEMBER)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        factories.add_member(user, group, Role.CHAIR)


def test_membership_unknown_role_rejected_by_database(db_session):
    group = factories.make_group()
    user = factories.make_user()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        # Raw SQL: the ORM would refuse the value before the database sees it.
        db.session.execute(
            sa.text(
                "INSERT INTO memberships (user_id, group_id, role, created_at) "
                "VALUES (:user, :group, 'king', CURRENT_TIMESTAMP)"
            ),
            {"user": user.id, "group": group.id},
        )


def test_invitation_needs_person_email_or_name(db_session):
    meeting = factories.make_meeting(factories.make_group())
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Invitation(meeting=meeting))
        db.session.flush()


def test_invitation_same_external_email_twice_rejected(db_session):
    meeting = factories.make_meeting(factories.make_group())
    db.session.add(Invitation(meeting=meeting, email="guest@example.org"))
    db.session.flush()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Invitation(meeting=meeting, email="GUEST@example.org"))
        db.session.flush()


def test_venue_negative_capacity_rejected(db_session):
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Venue(name="Sál", city="Liberec", capacity=-5))
        db.session.flush()


def test_published_minutes_need_a_pdf_hash(db_session):
    meeting = factories.make_meeting(factories.make_group())
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(
            Minutes(
                meeting=meeting, state=MinutesState.PUBLISHED, approved_at=dt.datetime.now(dt.UTC)
            )
        )
        db.session.flush()


def test_meeting_with_minutes_cannot_be_deleted(db_session):
    meeting = factories.make_meeting(factories.make_group())
    db.session.add(Minutes(meeting=meeting))
    db.session.flush()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(sa.delete(type(meeting)).where(type(meeting).id == meeting.id))


def test_minutes_stale_version_refused(db_session):
    """Optimistic locking: an update based on an old version fails instead of overwriting."""
    meeting = factories.make_meeting(factories.make_group())
    minutes = Minutes(meeting=meeting, opening="first")
    db.session.add(minutes)
    db.session.flush()
    # Someone else saves meanwhile (behind this session's back).
    db.session.execute(
        sa.update(Minutes).where(Minutes.id == minutes.id).values(version=Minutes.version + 1),
        execution_options={"synchronize_session": False},
    )
    minutes.opening = "second"
    with pytest.raises(StaleDataError), db.session.begin_nested():
        db.session.flush()
