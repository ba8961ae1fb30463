"""The world the matrix is checked in: one members-only group with a person in every role,
a member of another group (the outsider), an admin, and the group's things.

The matrix checks ~1,900 (endpoint, role) pairs in a world of its own each: the world is
made once (``_world_snapshot``) and its rows copied into each check's transaction, which
takes a fraction of the time the factories take to make it anew.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import scoped_session

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.minutes.enums import ActionStatus
from meetings.models import ActionItem, Organisation
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import DatabaseSnapshot, People, make_people

#: The world's people, by the names of ``People``'s fields.
PEOPLE = ("group", "other_group", "chair", "assistant", "member", "observer", "admin", "outsider")


def _make_world() -> dict[str, object]:
    """The world's rows; its objects by name (with the people's)."""
    people = make_people()
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
    return {name: getattr(people, name) for name in PEOPLE} | {
        "organisation": organisation,
        "venue": venue,
        "meeting": meeting,
        "draft_meeting": draft,
        "public_group": public_group,
        "public_meeting": public_meeting,
        "action": action,
        "stranger": stranger,
    }


@pytest.fixture(scope="session")
def _world_snapshot(app: Flask) -> tuple[DatabaseSnapshot, dict[str, tuple[type, tuple]]]:
    """The world's rows, and its objects by name as their class and primary key."""

    def make() -> dict[str, tuple[type, tuple]]:
        return {name: (type(obj), sa.inspect(obj).identity) for name, obj in _make_world().items()}

    with app.app_context():
        return DatabaseSnapshot.take(make)


@pytest.fixture
def world(_world_snapshot, db_session: scoped_session) -> SimpleNamespace:
    """The world in this check's transaction: its rows copied in before any other (their
    ids are the ones they were made with), its objects loaded by their keys."""
    snapshot, keys = _world_snapshot
    snapshot.copy_into(db_session.get_bind())
    objects = {name: db.session.get(model, key) for name, (model, key) in keys.items()}
    people = People(**{name: objects[name] for name in PEOPLE})
    return SimpleNamespace(
        people=people,
        by_role={**people.by_role, "stranger": objects["stranger"]},
        group=people.group,
        other_group=people.other_group,
        public_group=objects["public_group"],
        organisation=objects["organisation"],
        venue=objects["venue"],
        meeting=objects["meeting"],
        draft_meeting=objects["draft_meeting"],
        public_meeting=objects["public_meeting"],
        action=objects["action"],
        Organisation=Organisation,
    )
