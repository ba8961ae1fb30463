"""The permission policy, role by role (the table in docs/permissions.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from meetings.agenda.services import may_see_agenda
from meetings.auth.permissions import (
    RULES,
    SIGN_IN,
    can,
    refusal,
    sql_action_view,
    sql_agenda_view,
    sql_group_view,
    sql_meeting_view,
    sql_minutes_view,
    sql_user_view,
)
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.minutes.enums import ActionStatus, MinutesState
from meetings.models import (
    ActionItem,
    JointMeetingProposal,
    Meeting,
    MeetingSeries,
    Minutes,
    User,
    WorkingGroup,
)
from meetings.polls.enums import PollState
from meetings.polls.models import Poll, PollParticipant
from meetings.scheduling.enums import MeetingStatus
from meetings.transfer.models import ExportJob

from . import factories

ROLES = ["anonymous", "observer", "member", "assistant", "chair", "admin", "outsider"]


def _expect(*allowed: str) -> dict[str, bool]:
    return {role: role in allowed for role in ROLES}


MANAGERS = ("assistant", "chair", "admin")
EVERY_MEMBER = ("observer", "member", "assistant", "chair", "admin")
PARTICIPANTS = ("member", "assistant", "chair")

# (action, object key, who may) for a members-only group "group" and its objects.
EXPECTATIONS = [
    ("site.admin", None, _expect("admin")),
    ("organisation.manage", None, _expect("admin")),
    ("user.manage", None, _expect("admin")),
    ("audit.view", None, _expect("admin")),
    ("group.create", None, _expect("admin")),
    ("audit.view", None, _expect("admin")),
    ("venue.manage", None, _expect(*MANAGERS)),
    # A venue: the managers of the groups meeting there; one nobody uses yet, any manager.
    ("venue.edit", "venue", _expect(*MANAGERS)),
    ("venue.edit", "other_venue", _expect("admin")),
    ("venue.edit", "joint_venue", _expect(*MANAGERS)),
    ("venue.edit", "series_venue", _expect(*MANAGERS)),
    ("venue.edit", "unused_venue", _expect(*MANAGERS)),
    ("venue.archive", "venue", _expect(*MANAGERS)),
    ("venue.archive", "other_venue", _expect("admin")),
    ("public.view", None, _expect(*ROLES)),
    ("account.use", None, _expect(*ROLES[1:])),
    # The member's profile: themself, people sharing a group with them, admins.
    ("user.view", "member_person", _expect(*EVERY_MEMBER)),
    ("user.view", "outsider_person", _expect("outsider", "admin")),
    ("group.view", "group", _expect(*EVERY_MEMBER)),
    ("group.view", "public_group", _expect(*ROLES)),
    ("group.view_members", "group", _expect(*EVERY_MEMBER)),
    ("group.view_members", "public_group", _expect("admin")),
    ("group.edit", "group", _expect("chair", "admin")),
    ("group.archive", "group", _expect("admin")),
    ("group.manage_members", "group", _expect(*MANAGERS)),
    ("group.create_meeting", "group", _expect(*MANAGERS)),
    ("group.answer_poll", "group", _expect(*PARTICIPANTS, "admin")),
    ("meeting.view", "meeting", _expect(*EVERY_MEMBER)),
    ("meeting.view", "draft_meeting", _expect(*MANAGERS)),
    ("meeting.view", "public_meeting", _expect(*ROLES)),
    ("meeting.view", "joint_meeting", _expect(*EVERY_MEMBER, "outsider")),
    # The online link: members of the groups taking part and invitees, not the public.
    ("meeting.online_link", "meeting", _expect(*EVERY_MEMBER)),
    ("meeting.online_link", "draft_meeting", _expect(*MANAGERS)),
    ("meeting.online_link", "public_meeting", _expect(*EVERY_MEMBER)),
    ("meeting.online_link", "joint_meeting", _expect(*EVERY_MEMBER, "outsider")),
    ("meeting.edit", "meeting", _expect(*MANAGERS)),
    ("meeting.edit", "joint_meeting", _expect("admin")),  # the host group manages it
    ("meeting.invite", "meeting", _expect(*MANAGERS)),
    ("agenda.edit", "meeting", _expect(*MANAGERS)),
    ("agenda.review", "meeting", _expect("chair", "admin")),
    ("meeting.answer", "meeting", _expect(*PARTICIPANTS, "admin")),
    ("meeting.answer", "draft_meeting", _expect()),
    # The group asked to a joint meeting of another group: its managers answer.
    ("proposal.decide", "proposal", _expect(*MANAGERS)),
    ("minutes.view", "draft_minutes", _expect(*MANAGERS)),
    ("minutes.view", "submitted_minutes", _expect(*EVERY_MEMBER)),
    ("minutes.view", "published_minutes", _expect(*EVERY_MEMBER)),
    ("minutes.edit", "draft_minutes", _expect(*MANAGERS)),
    ("minutes.edit", "submitted_minutes", _expect()),
    ("minutes.edit", "approved_minutes", _expect()),
    ("minutes.edit", "published_minutes", _expect()),
    ("minutes.submit", "draft_minutes", _expect(*MANAGERS)),
    ("minutes.comment", "submitted_minutes", _expect(*PARTICIPANTS, "admin")),
    ("minutes.comment", "draft_minutes", _expect()),
    ("minutes.approve", "submitted_minutes", _expect("chair")),
    ("minutes.approve", "draft_minutes", _expect()),
    ("minutes.return", "submitted_minutes", _expect("chair")),
    ("minutes.verify", "minutes_to_verify", _expect("member")),
    ("minutes.verify", "submitted_minutes", _expect()),
    ("minutes.publish", "approved_minutes", _expect(*MANAGERS)),
    ("minutes.publish", "submitted_minutes", _expect()),
    ("minutes.correct", "published_minutes", _expect(*MANAGERS)),
    ("minutes.correct", "draft_minutes", _expect()),
    ("action.view", "action", _expect(*EVERY_MEMBER)),
    ("action.update", "action", _expect(*MANAGERS, "member")),
    ("group.create_poll", "group", _expect(*MANAGERS)),
    # Date polls: the group sees them; those asked (not observers) answer while open.
    ("poll.view", "poll", _expect(*EVERY_MEMBER)),
    ("poll.answer", "poll", _expect(*PARTICIPANTS)),
    ("poll.answer", "closed_poll", _expect()),
    ("poll.close", "poll", _expect(*MANAGERS)),
    ("poll.close", "closed_poll", _expect()),
    ("poll.export", "poll", _expect(*MANAGERS)),
    # Decisions by correspondence: managers start them; the voting members the proposal
    # was put to vote (not observers, not an admin outside the group); every role reads.
    ("correspondence.start", "group", _expect(*MANAGERS)),
    ("correspondence.start", "archived_group", _expect()),
    ("correspondence.view", "open_vote", _expect(*EVERY_MEMBER)),
    ("correspondence.view", "closed_vote", _expect(*EVERY_MEMBER)),
    ("correspondence.manage", "open_vote", _expect(*MANAGERS)),
    ("correspondence.manage", "closed_vote", _expect()),
    ("correspondence.vote", "open_vote", _expect(*PARTICIPANTS)),
    ("correspondence.vote", "closed_vote", _expect()),
    # Webhooks: a group's managers register its own; site admins the installation's.
    ("site.webhooks", None, _expect("admin")),
    ("group.manage_webhooks", "group", _expect(*MANAGERS)),
    ("webhook.manage", "webhook", _expect(*MANAGERS)),
    ("webhook.manage", "site_webhook", _expect("admin")),
    # Exports: the whole installation's by site admins; a group's by its chair and admins.
    ("site.export", None, _expect("admin")),
    ("group.export", "group", _expect("chair", "admin")),
    ("group.export", "archived_group", _expect("chair", "admin")),
    ("export.view", "group_export", _expect("chair", "admin")),
    ("export.view", "installation_export", _expect("admin")),
]


@pytest.fixture
def objects(people):
    now = dt.datetime.now(dt.UTC)
    group = people.group
    public_group = factories.make_group("Public group", is_public=True)
    meeting = factories.make_meeting(group)
    draft = factories.make_meeting(group, status=MeetingStatus.DRAFT)
    public_meeting = factories.make_meeting(group, is_public=True)
    # A joint meeting hosted by the outsider's group, in which our group takes part.
    joint = factories.make_meeting(people.other_group, extra_groups=[group])
    minutes = {}
    for state in MinutesState:
        m = factories.make_meeting(group)
        record = Minutes(
            meeting=m,
            state=state,
            approved_at=now if state in (MinutesState.APPROVED, MinutesState.PUBLISHED) else None,
            pdf_sha256="0" * 64 if state == MinutesState.PUBLISHED else None,
        )
        db.session.add(record)
        minutes[f"{state.value}_minutes"] = record
    minutes["minutes_to_verify"] = Minutes(
        meeting=factories.make_meeting(group),
        state=MinutesState.SUBMITTED,
        verified_by=people.member,
    )
    db.session.add(minutes["minutes_to_verify"])
    action = ActionItem(
        group=group,
        meeting=meeting,
        text="Bude dohodnut termín dubnového jednání",
        owner=people.member,
        status=ActionStatus.OPEN,
    )
    db.session.add(action)
    venue = factories.make_venue("ANNOLK")
    factories.make_meeting(group, venue=venue, status=MeetingStatus.CANCELLED)
    other_venue = factories.make_venue("Megyeháza")
    factories.make_meeting(people.other_group, venue=other_venue)
    joint_venue = factories.make_venue("Krajský úřad")
    factories.make_meeting(people.other_group, venue=joint_venue, extra_groups=[group])
    series_venue = factories.make_venue("Zasedací místnost 2. patro")
    series = MeetingSeries(
        group=group,
        title="Pravidelné jednání",
        rule="FREQ=MONTHLY;BYDAY=+2TU;COUNT=6",
        first_day=dt.date(2026, 3, 10),
        start_time=dt.time(10, 0),
        duration_minutes=120,
        timezone="Europe/Prague",
        venue=series_venue,
    )
    db.session.add(series)
    # The other group's meeting, to which this group is asked.
    proposal = JointMeetingProposal(meeting=factories.make_meeting(people.other_group), group=group)
    db.session.add(proposal)
    polls = {}
    for name, state in (("poll", PollState.OPEN), ("closed_poll", PollState.CLOSED)):
        polls[name] = Poll(
            group=group,
            title="Termín dubnového jednání",
            state=state,
            participants=[
                PollParticipant(user=people.chair),
                PollParticipant(user=people.assistant),
                PollParticipant(user=people.member),
            ],
        )
        db.session.add(polls[name])
    db.session.flush()
    open_vote, closed_vote = _votes(people)
    archived_group = factories.make_group("Archived group", archived_at=now)
    for role, person in people.by_role.items():
        if role not in ("anonymous", "admin", "outsider"):
            factories.add_member(person, archived_group, Role(role))
    from meetings.webhooks.models import Webhook

    webhook = Webhook(group=group, url="https://intranet.example.org/hooks", events="", secret="s")
    site_webhook = Webhook(url="https://intranet.example.org/all", events="", secret="s")
    group_export = ExportJob(group=group)
    installation_export = ExportJob()
    db.session.add_all([webhook, site_webhook, group_export, installation_export])
    db.session.flush()
    return {
        **polls,
        "webhook": webhook,
        "site_webhook": site_webhook,
        "group_export": group_export,
        "installation_export": installation_export,
        "open_vote": open_vote,
        "closed_vote": closed_vote,
        "archived_group": archived_group,
        "venue": venue,
        "other_venue": other_venue,
        "joint_venue": joint_venue,
        "series_venue": series_venue,
        "unused_venue": factories.make_venue("Nová budova"),
        None: None,
        "group": group,
        "public_group": public_group,
        "meeting": meeting,
        "draft_meeting": draft,
        "public_meeting": public_meeting,
        "joint_meeting": joint,
        "proposal": proposal,
        "action": action,
        "member_person": people.member,
        "outsider_person": people.outsider,
        **minutes,
    }


def _votes(people):
    """A vote by correspondence put to the group's voting members, and one closed."""
    from meetings.correspondence import services
    from meetings.correspondence.enums import CloseReason

    now = dt.datetime.now(dt.UTC)

    def start(title: str):
        return services.start_vote(
            people.group,
            services.VoteData(
                title, "Pracovní skupina schvaluje …", None, now + dt.timedelta(days=7)
            ),
            actor=people.assistant,
            now=now,
        )

    closed = start("Uzavřené hlasování")
    services.close_vote(closed, reason=CloseReason.DEADLINE, now=now)
    return start("Otevřené hlasování"), closed


@pytest.mark.parametrize(
    ("action", "key", "expected"),
    EXPECTATIONS,
    ids=[f"{action}-{key}" for action, key, _ in EXPECTATIONS],
)
def test_policy_for_every_role(people, objects, action, key, expected):
    obj = objects[key]
    answers = {role: can(people.by_role[role], action, obj) for role in ROLES}
    assert answers == expected


def test_policy_every_action_has_expectations():
    covered = {action for action, _, _ in EXPECTATIONS}
    assert covered == set(RULES)


def test_policy_unknown_action_is_an_error(people):
    with pytest.raises(ValueError, match="unknown action"):
        can(people.member, "group.destroy", people.group)


def test_policy_deactivated_member_loses_access(people):
    people.member.is_enabled = False
    assert can(people.member, "group.view", people.group) is False


def test_refusal_gives_sign_in_403_or_404_as_the_meeting_is_known(people):
    scheduled = factories.make_meeting(people.group)
    draft = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)

    assert refusal(None, "meeting.view", scheduled) == SIGN_IN
    assert refusal(people.outsider, "meeting.view", scheduled) == 404
    assert refusal(people.member, "meeting.view", draft) == 403  # a draft of their own group
    assert refusal(people.member, "meeting.edit", scheduled) == 403  # seen, not theirs to edit
    assert refusal(people.member, "meeting.view", scheduled) is None
    assert refusal(people.assistant, "meeting.edit", draft) is None


def test_venue_editable_by_managers_of_its_organisation(people):
    """The organisation whose premises the venue are: its people who run a group may edit it,
    though their groups have not met there."""
    organisation = factories.make_organisation("Megyei Kormányhivatal")
    venue = factories.make_venue("Megyeháza", organisation_id=organisation.id)
    factories.make_meeting(people.group, venue=venue)
    stranger = factories.make_user("stranger@example.org", "Sára Cizí")
    factories.add_member(stranger, people.other_group, Role.ASSISTANT)

    refused = can(stranger, "venue.edit", venue)
    stranger.organisation_id = organisation.id
    people.outsider.organisation_id = organisation.id  # of the organisation, but runs no group

    assert (refused, can(stranger, "venue.edit", venue)) == (False, True)
    assert can(people.outsider, "venue.edit", venue) is False


# --- the rules as SQL conditions (search filters in the database with them) -----------------


def _sql_agrees_with_can(people, table, condition, action_of) -> None:
    """For every role: the rows the SQL condition selects are those ``can`` allows."""
    rows = {r.id: r for r in db.session.scalars(select(action_of[0]))}
    for role in ROLES:
        user = people.by_role[role]
        selected = set(db.session.scalars(select(table.c.id).where(condition(user, table))))
        allowed = {i for i, row in rows.items() if action_of[1](user, row)}
        assert (role, sorted(selected)) == (role, sorted(allowed))


@pytest.fixture
def more_objects(people, objects):
    """Beyond ``objects``: meetings of a public group (a draft too), a joint meeting with the
    public group, agendas published, due or not, and minutes of the joint meetings."""
    now = dt.datetime.now(dt.UTC)
    public_group = objects["public_group"]
    factories.make_meeting(public_group)
    factories.make_meeting(public_group, status=MeetingStatus.DRAFT)
    factories.make_meeting(people.other_group, extra_groups=[public_group])
    factories.make_meeting(people.group, agenda_published_at=now)
    factories.make_meeting(people.group, agenda_publish_at=now - dt.timedelta(hours=1))
    factories.make_meeting(people.group, agenda_publish_at=now + dt.timedelta(days=1))
    factories.make_meeting(
        people.group, status=MeetingStatus.DRAFT, agenda_published_at=now, is_public=True
    )
    for meeting, state in (
        (objects["joint_meeting"], MinutesState.SUBMITTED),
        (objects["public_meeting"], MinutesState.PUBLISHED),
        (factories.make_meeting(people.other_group), MinutesState.PUBLISHED),
        (factories.make_meeting(people.other_group), MinutesState.DRAFT),
    ):
        db.session.add(
            Minutes(
                meeting=meeting,
                state=state,
                approved_at=now if state == MinutesState.PUBLISHED else None,
                pdf_sha256="0" * 64 if state == MinutesState.PUBLISHED else None,
            )
        )
    db.session.add(
        ActionItem(group=people.other_group, text="Úkol jiné skupiny", status=ActionStatus.OPEN)
    )
    db.session.flush()
    return objects


def test_sql_meeting_view_selects_what_the_policy_allows(people, more_objects):
    _sql_agrees_with_can(
        people,
        Meeting.__table__,
        sql_meeting_view,
        (Meeting, lambda user, m: can(user, "meeting.view", m)),
    )


def test_sql_agenda_view_selects_what_the_agenda_shows(people, more_objects):
    now = dt.datetime.now(dt.UTC)
    _sql_agrees_with_can(
        people,
        Meeting.__table__,
        lambda user, table: sql_agenda_view(user, table, now),
        (Meeting, lambda user, m: may_see_agenda(user, m, now)),
    )


def test_sql_minutes_view_selects_what_the_policy_allows(people, more_objects):
    meeting = Meeting.__table__.alias("meeting")
    minutes = Minutes.__table__

    def condition(user, table):
        return table.c.meeting_id.in_(
            select(meeting.c.id).where(
                meeting.c.id == table.c.meeting_id, sql_minutes_view(user, table, meeting)
            )
        )

    _sql_agrees_with_can(
        people, minutes, condition, (Minutes, lambda user, m: can(user, "minutes.view", m))
    )


def test_sql_group_action_and_person_rules_select_what_the_policy_allows(people, more_objects):
    _sql_agrees_with_can(
        people,
        WorkingGroup.__table__,
        lambda user, t: sql_group_view(user, t.c.id, t.c.is_public),
        (WorkingGroup, lambda user, g: can(user, "group.view", g)),
    )
    _sql_agrees_with_can(
        people,
        ActionItem.__table__,
        lambda user, t: sql_action_view(user, t.c.group_id),
        (ActionItem, lambda user, a: can(user, "action.view", a)),
    )
    _sql_agrees_with_can(
        people,
        User.__table__,
        lambda user, t: sql_user_view(user, t.c.id),
        (User, lambda user, p: can(user, "user.view", p)),
    )
