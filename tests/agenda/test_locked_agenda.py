"""A published agenda of a meeting that has begun is the record members received: the
builder shows it read-only, and changing it takes the explicit step "Edit the published
agenda"; a change posted from a page opened before is refused and changes nothing."""

from __future__ import annotations

import html

from meetings.db import utcnow
from meetings.extensions import db
from tests import factories

from .conftest import add_items


def _publish(meeting):
    meeting.agenda_published_at = utcnow()
    db.session.flush()


def _add(client, meeting, title="Různé"):
    return client.post(
        f"/meetings/{meeting.id}/agenda/items", data={"title": title, "kind": "information"}
    )


def _titles(meeting) -> list[str]:
    db.session.expire_all()
    return [i.title for i in meeting.agenda_items]


def test_the_builder_of_a_held_meetings_published_agenda_is_read_only(liberec, people, login_as):
    add_items(liberec, ["Zahájení"])
    _publish(liberec)

    page = html.unescape(
        login_as(people.assistant).get(f"/meetings/{liberec.id}/agenda").get_data(as_text=True)
    )

    assert "The agenda members received" in page
    assert "Edit the published agenda" in page
    assert "Add the item" not in page
    assert f"/meetings/{liberec.id}/agenda/items/" not in page  # no edit, move or delete
    assert "data-order-url" not in page


def test_a_change_posted_to_a_locked_agenda_is_refused_and_nothing_changes(
    liberec, people, login_as
):
    (item,) = add_items(liberec, ["Zahájení"])
    _publish(liberec)
    client = login_as(people.assistant)

    added = _add(client, liberec)
    deleted = client.post(f"/meetings/{liberec.id}/agenda/items/{item.id}/delete")
    reordered = client.post(
        f"/meetings/{liberec.id}/agenda/order", json={"parent_id": None, "order": [item.id]}
    )
    page = html.unescape(client.get(added.location).get_data(as_text=True))

    assert added.status_code == deleted.status_code == 302
    assert added.location.endswith("#agenda-locked")
    assert reordered.status_code == 409
    assert "Edit the published agenda” first" in reordered.get_json()["error"]
    assert "Nothing was changed." in page
    assert _titles(liberec) == ["Zahájení"]


def test_after_the_explicit_step_the_published_agenda_can_be_changed(liberec, people, login_as):
    add_items(liberec, ["Zahájení"])
    _publish(liberec)
    client = login_as(people.assistant)

    unlocked = client.post(f"/meetings/{liberec.id}/agenda/unlock")
    page = html.unescape(client.get(unlocked.location).get_data(as_text=True))
    added = _add(client, liberec)

    assert "members see each change at once" in page
    assert "Add the item" in page
    assert added.status_code == 302 and "#item-" in added.location
    assert _titles(liberec) == ["Zahájení", "Různé"]


def test_the_step_holds_for_that_meeting_only_and_a_member_may_not_take_it(
    liberec, people, login_as
):
    other = factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2018, 4, 17, 10)
    )
    for meeting in (liberec, other):
        add_items(meeting, ["Zahájení"])
        _publish(meeting)
    assistant = login_as(people.assistant)
    assistant.post(f"/meetings/{liberec.id}/agenda/unlock")

    refused_elsewhere = _add(assistant, other)
    by_member = login_as(people.member).post(f"/meetings/{liberec.id}/agenda/unlock")

    assert refused_elsewhere.location.endswith("#agenda-locked")
    assert _titles(other) == ["Zahájení"]
    assert by_member.status_code == 403


def test_a_draft_agenda_or_a_meeting_still_to_come_is_not_locked(liberec, people, login_as):
    coming = factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2040, 4, 17, 10)
    )
    _publish(coming)
    client = login_as(people.assistant)

    draft_past = _add(client, liberec, "Zahájení")
    published_coming = _add(client, coming, "Zahájení")

    assert "#item-" in draft_past.location
    assert "#item-" in published_coming.location
    assert _titles(liberec) == _titles(coming) == ["Zahájení"]
