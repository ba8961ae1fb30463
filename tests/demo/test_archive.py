"""``flask bench-data``: the ten-year archive answers every path it prints, for the account
it prints, and holds what a user would count on (numbers, minutes, decisions)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict

import pytest
import sqlalchemy as sa

from meetings.demo.archive import ARCHIVE_PASSWORD, ArchiveError, build_archive
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.minutes.enums import MinutesState
from meetings.models import (
    Decision,
    Invitation,
    Meeting,
    Membership,
    Minutes,
    MinutesEntry,
    User,
    WorkingGroup,
)
from meetings.scheduling.enums import MeetingStatus

from ..conftest import get_document

NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


def test_archive_paths_answer_for_the_printed_account(app, db_session, client):
    archive = build_archive(60, 3, published=1)
    db.session.commit()
    paths = archive.paths
    account = paths["accounts"][0]

    signed_in = client.post(
        "/auth/sign-in", data={"email": account["email"], "password": account["password"]}
    )
    answers = {}
    for key in (
        "dashboard",
        "group_page",
        "meeting",
        "minutes_page",
        "public_events",
        "group_feed",
        "person_feed",
        "agenda_pdf",
        "minutes_pdf",
        "health",
        "bare",
    ):
        response = get_document(client, paths[key])  # a PDF made by the worker first
        answers[key] = (response.status_code, response.mimetype)

    assert signed_in.status_code == 302
    assert account["password"] == ARCHIVE_PASSWORD
    assert answers["group_feed"] == (200, "text/calendar")
    assert answers["person_feed"] == (200, "text/calendar")
    assert answers["agenda_pdf"] == (200, "application/pdf")
    assert answers["minutes_pdf"] == (200, "application/pdf")
    assert {key: status for key, (status, _) in answers.items()} == dict.fromkeys(answers, 200)


def test_archive_printed_line_is_json_with_the_load_test_keys(app, db_session):
    line = build_archive(12, 2, published=0, now=NOW).line()

    printed = json.loads(line)
    assert {"group_feed", "person_feed", "meeting", "agenda_pdf", "minutes_pdf", "bare"} <= set(
        printed
    )
    assert printed["bare"] == "/ping"
    assert printed["group_feed"].startswith("/calendar/feeds/")
    assert [a["password"] for a in printed["accounts"]] == [ARCHIVE_PASSWORD] * 2


def test_archive_counts_a_user_would_check(app, db_session):
    before = set(db.session.scalars(sa.select(WorkingGroup.id)))

    archive = build_archive(60, 3, published=0, now=NOW)

    groups = [g for g in db.session.scalars(sa.select(WorkingGroup)) if g.id not in before]
    ids = [g.id for g in groups]
    meetings = db.session.scalars(sa.select(Meeting).where(Meeting.group_id.in_(ids))).all()
    by_group = defaultdict(list)
    for meeting in meetings:
        by_group[meeting.group_id].append(meeting.number)
    minutes_of = dict(
        db.session.execute(
            sa.select(Minutes.meeting_id, Minutes.state).where(
                Minutes.meeting_id.in_([m.id for m in meetings])
            )
        ).all()
    )
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    decisions = db.session.execute(
        sa.select(Decision.group_id, Meeting.number, Decision.sequence)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .where(Decision.group_id.in_(ids))
        .order_by(Meeting.number, Decision.sequence)
    ).all()
    sequences = defaultdict(list)
    for group_id, number, sequence in decisions:
        sequences[(group_id, number)].append(sequence)
    members = Counter(
        db.session.scalars(sa.select(Membership.group_id).where(Membership.group_id.in_(ids)))
    )
    invited = Counter(
        db.session.scalars(
            sa.select(Invitation.meeting_id)
            .join(Meeting, Meeting.id == Invitation.meeting_id)
            .where(Meeting.group_id.in_(ids), Invitation.user_id.is_not(None))
        )
    )
    entries = db.session.scalar(
        sa.select(sa.func.count(MinutesEntry.id))
        .join(Minutes, Minutes.id == MinutesEntry.minutes_id)
        .where(Minutes.meeting_id.in_([m.id for m in held]))
    )

    assert archive.counts["meetings"] == 60
    assert {g.id: sorted(by_group[g.id]) for g in groups} == {
        g.id: list(range(1, 21)) for g in groups
    }
    assert [g.meeting_counter for g in groups] == [20, 20, 20]
    # Ten years back and a little ahead: most held, the newest scheduled.
    assert len(held) > 45
    assert all(m.starts_at > NOW for m in meetings if m.status == MeetingStatus.SCHEDULED)
    assert all(m.ends_at < NOW for m in held)
    # Every held meeting has minutes, no other meeting has; the newest are still in work.
    assert set(minutes_of) == {m.id for m in held}
    assert set(minutes_of.values()) <= {
        MinutesState.APPROVED,
        MinutesState.SUBMITTED,
        MinutesState.DRAFT,
    }
    assert Counter(minutes_of.values())[MinutesState.APPROVED] >= len(held) - 6
    assert entries >= 5 * len(held)
    # Decisions numbered within the group: meeting number / 1, 2, 3 …
    assert sequences
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in sequences.values())
    assert all(group_id in ids for group_id, _ in sequences)
    # Every member is invited to every meeting of the group.
    assert all(invited[m.id] >= members[m.group_id] for m in meetings)
    assert len({m.uid for m in meetings}) == 60


def test_archive_accounts_share_one_hash_that_signs_in(app, db_session):
    archive = build_archive(6, 1, published=0, now=NOW)

    hashes = set(
        db.session.scalars(
            sa.select(User.password_hash)
            .join(Membership, Membership.user_id == User.id)
            .join(WorkingGroup, WorkingGroup.id == Membership.group_id)
            .where(WorkingGroup.slug == archive.paths["group_page"].rsplit("/", 1)[1])
        )
    )
    roles = db.session.scalars(
        sa.select(Membership.role)
        .join(User, User.id == Membership.user_id)
        .where(User.email == archive.paths["accounts"][0]["email"])
    ).all()

    assert len(hashes) == 1
    assert hashes.pop().startswith("$argon2")
    assert Role.ASSISTANT in roles


def test_archive_refuses_more_groups_than_meetings(app, db_session):
    with pytest.raises(ArchiveError):
        build_archive(3, 5)


def test_bench_data_command_prints_one_json_line(app, db_session):
    result = app.test_cli_runner().invoke(
        args=["bench-data", "--meetings", "4", "--groups", "2", "--published", "0"]
    )

    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["counts"]["meetings"] == 4
