"""The world the matrix is checked in: one members-only group with a person in every role,
a member of another group (the outsider), an admin, and the group's things."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.minutes.enums import ActionStatus
from meetings.models import ActionItem, Organisation
from meetings.scheduling.enums import MeetingStatus

from .. import factories


@pytest.fixture
def world(people):
    group = people.group
    organisation = factories.make_organisation("Krajský úřad Libereckého kraje", city="Liberec")
    # Someone with an account there: inviting the organisation shows her first.
    factories.make_user(
        "korinkova@kraj-lbc.cz", "Zdeňka Kořínková", organisation_id=organisation.id
    )
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", postcode="460 01")
    meeting = factories.make_meeting(group, venue=venue)
    draft = factories.make_meeting(group, status=MeetingStatus.DRAFT)
    public_group = factories.make_group("Open group", slug="open-group", is_public=True)
    public_meeting = factories.make_meeting(public_group, venue=venue)
    action = ActionItem(
        group=group,
        meeting=meeting,
        text="Bude dohodnut termín dubnového jednání",
        owner=people.member,
        status=ActionStatus.OPEN,
    )
    db.session.add(action)
    # The assistant of another group: runs a group, has no role in this one.
    stranger = factories.make_user("stranger@example.org", "Sára Cizí")
    factories.add_member(stranger, people.other_group, Role.ASSISTANT)
    db.session.flush()
    return SimpleNamespace(
        people=people,
        by_role={**people.by_role, "stranger": stranger},
        group=group,
        other_group=people.other_group,
        public_group=public_group,
        organisation=organisation,
        venue=venue,
        meeting=meeting,
        draft_meeting=draft,
        public_meeting=public_meeting,
        action=action,
        Organisation=Organisation,
    )
