"""The agenda builder over HTTP: the Liberec group's 10th meeting built as in seed 001."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from meetings.agenda.enums import ItemKind
from meetings.agenda.models import AgendaItem
from meetings.extensions import db

from ..conftest import get_document
from .conftest import SEED_ITEMS, SEED_SUB_ITEMS, add_items, normalised


def _items(meeting, parent_id=None):
    level = (
        AgendaItem.parent_id.is_(None) if parent_id is None else AgendaItem.parent_id == parent_id
    )
    return db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, level)
        .order_by(AgendaItem.position)
    ).all()


def _add(client, meeting, title, **fields):
    data = {"title": title, "kind": "information", **fields}
    return client.post(f"/meetings/{meeting.id}/agenda/items", data=data)


def _durations(client, meeting, item, minutes):
    data = {"title": item.title, "kind": item.kind.value, "duration_minutes": str(minutes)}
    if item.parent_id:
        data["parent_id"] = str(item.parent_id)
    if item.presenter_name:
        data["presenter_name"] = item.presenter_name
    response = client.post(f"/meetings/{meeting.id}/agenda/items/{item.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_liberec_agenda_built_over_http_is_published_with_timetable_and_pdf(
    liberec, people, login_as
):
    meeting = liberec
    client = login_as(people.assistant)
    # Items 1–4, then 6 before 5: the assistant fixes the order with "move up" below.
    for title in [*SEED_ITEMS[:4], SEED_ITEMS[5], SEED_ITEMS[4]]:
        response = _add(client, meeting, title, presenter_name="", duration_minutes="")
        assert response.status_code == 302
    second = _items(meeting)[1]
    for title in SEED_SUB_ITEMS:
        assert _add(client, meeting, title, parent_id=str(second.id)).status_code == 302

    top = _items(meeting)
    wrong_fifth = top[5]
    response = client.post(
        f"/meetings/{meeting.id}/agenda/items/{wrong_fifth.id}/move", data={"direction": "up"}
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/meetings/{meeting.id}/agenda#item-{wrong_fifth.id}")
    assert [i.title for i in _items(meeting)] == SEED_ITEMS

    top = _items(meeting)
    for item, minutes in zip(top, [15, 0, 20, 15, 10, 10], strict=True):
        if item.id != second.id:
            _durations(client, meeting, item, minutes)
    for child in _items(meeting, second.id):
        _durations(client, meeting, child, 10)

    response = client.post(f"/meetings/{meeting.id}/agenda/publish", data={"action": "now"})
    assert response.status_code == 302
    assert meeting.agenda_published_at is not None

    page = login_as(people.member).get(f"/meetings/{meeting.id}").get_data(as_text=True)
    numbers = re.findall(r'<span class="number">([^<]+)</span>', page)
    assert numbers == ["1.", "2.", "2a", "2b", "2c", "2d", "2e", "3.", "4.", "5.", "6."]
    times = re.findall(r'<time class="agenda-time"[^>]*>([^<]+)</time>', page)
    # Item 2 has no duration of its own: its topics a)–e) run one after another.
    assert times == [
        "10:00", "10:15", "10:15", "10:25", "10:35", "10:45", "10:55",
        "11:05", "11:25", "11:40", "11:50",
    ]  # fmt: skip
    assert "Draft agenda" not in page
    assert "past the meeting" not in page  # ends at 12:00 sharp: no overrun warning

    pdf = get_document(login_as(people.member), f"/meetings/{meeting.id}/agenda.pdf")
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    text = normalised(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert "10." in text
    assert "Sociální služby" in text
    assert "ANNOLK, U Nisy 362/6, 460 01 Liberec" in text
    assert "zasedací místnost 2. patro" in text
    positions = [text.find(normalised(t)) for t in [*SEED_ITEMS[:2], *SEED_SUB_ITEMS]]
    positions += [text.find(normalised(t)) for t in SEED_ITEMS[2:]]
    assert -1 not in positions, text
    assert positions == sorted(positions)


def test_builder_shows_timetable_and_overrun_warning(liberec, people, login_as):
    add_items(liberec, ["Úvod", "Diskuse", "Závěr"], durations={0: 30, 1: 90, 2: 15})

    page = login_as(people.assistant).get(f"/meetings/{liberec.id}/agenda").get_data(as_text=True)

    times = re.findall(r'<time class="agenda-time"[^>]*>([^<]+)</time>', page)
    assert times == ["10:00", "10:30", "12:00"]
    assert "The programme runs 15 minutes past the meeting's end (12:00)" in page


def test_sub_items_run_inside_the_parent_with_a_duration(liberec, people, login_as):
    first, _second = add_items(liberec, ["Úvod", "Témata"], durations={0: 60, 1: 30})
    add_items(liberec, ["a", "b"], parent=first, durations={0: 20, 1: 20})

    page = login_as(people.assistant).get(f"/meetings/{liberec.id}/agenda").get_data(as_text=True)

    times = re.findall(r'<time class="agenda-time"[^>]*>([^<]+)</time>', page)
    assert times == ["10:00", "10:00", "10:20", "11:00"]


def test_add_item_with_negative_duration_keeps_typed_values(liberec, people, login_as):
    response = _add(
        login_as(people.assistant), liberec, "Různé", duration_minutes="-5", presenter_name="Eva"
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "Enter the duration as a whole number of minutes, 0 or more." in page
    assert 'value="Různé"' in page
    assert 'value="-5"' in page
    assert _items(liberec) == []


def test_add_item_with_text_duration_gets_message(liberec, people, login_as):
    response = _add(login_as(people.assistant), liberec, "Různé", duration_minutes="půl hodiny")

    assert response.status_code == 422
    assert "Enter the duration as a whole number of minutes, 0 or more." in response.get_data(
        as_text=True
    )


def test_sub_item_of_a_sub_item_is_refused(liberec, people, login_as):
    (parent,) = add_items(liberec, ["Témata"])
    (child,) = add_items(liberec, ["a"], parent=parent)

    response = _add(login_as(people.assistant), liberec, "Hluboko", parent_id=str(child.id))

    assert response.status_code == 422
    assert "a sub-item cannot have sub-items" in response.get_data(as_text=True)
    assert [i.title for i in _items(liberec, parent.id)] == ["a"]


def test_sub_item_of_a_sub_item_refused_by_the_service(liberec):
    from meetings.agenda import services

    (parent,) = add_items(liberec, ["Témata"])
    (child,) = add_items(liberec, ["a"], parent=parent)

    try:
        services.add_agenda_item(liberec, services.ItemFields(title="x", parent_id=child.id))
    except services.AgendaError as error:
        message = str(error)
    assert message == "A sub-item cannot have sub-items of its own."


def test_moving_the_first_item_up_gives_a_message(liberec, people, login_as):
    first, _second = add_items(liberec, ["Úvod", "Závěr"])
    client = login_as(people.assistant)

    response = client.post(
        f"/meetings/{liberec.id}/agenda/items/{first.id}/move",
        data={"direction": "up"},
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "This item is already the first one." in response.get_data(as_text=True)
    assert [i.title for i in _items(liberec)] == ["Úvod", "Závěr"]


def test_moving_an_unknown_item_gives_a_message(liberec, people, login_as):
    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/items/99999/move",
        data={"direction": "down"},
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "That agenda item does not exist (any more)." in response.get_data(as_text=True)


def test_editing_an_unknown_item_is_404(liberec, people, login_as):
    response = login_as(people.assistant).get(f"/meetings/{liberec.id}/agenda/items/99999")

    assert response.status_code == 404


def test_reorder_by_json_saves_the_new_order(liberec, people, login_as):
    a, b, c = add_items(liberec, ["A", "B", "C"])

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/order",
        json={"parent_id": None, "order": [c.id, a.id, b.id]},
    )

    assert response.status_code == 200
    assert response.json["numbers"] == {str(c.id): "1.", str(a.id): "2.", str(b.id): "3."}
    assert [i.title for i in _items(liberec)] == ["C", "A", "B"]


def test_reorder_with_foreign_ids_is_refused_as_json(liberec, people, login_as):
    _a, b = add_items(liberec, ["A", "B"])

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/order", json={"parent_id": None, "order": [b.id, 424242]}
    )

    assert response.status_code == 400
    assert response.json == {
        "ok": False,
        "error": "The agenda has changed meanwhile. Reload the page and try again.",
    }
    assert [i.title for i in _items(liberec)] == ["A", "B"]


def test_reorder_with_garbage_is_refused_as_json(liberec, people, login_as):
    add_items(liberec, ["A"])

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/order", json={"parent_id": "x", "order": "abc"}
    )

    assert response.status_code == 400


def test_delete_item_removes_its_sub_items_and_renumbers(liberec, people, login_as):
    _first, second, _third = add_items(liberec, ["A", "B", "C"])
    add_items(liberec, ["a", "b"], parent=second)

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/items/{second.id}/delete"
    )

    assert response.status_code == 302
    assert [(i.title, i.position) for i in _items(liberec)] == [("A", 0), ("C", 1)]
    assert db.session.scalars(select(AgendaItem).where(AgendaItem.title == "a")).all() == []


def test_edit_item_sets_presenter_member_kind_and_duration(liberec, people, login_as):
    (item,) = add_items(liberec, ["Úvod"])

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/items/{item.id}",
        data={
            "title": "Úvod",
            "presenter_id": str(people.chair.id),
            "kind": "decision",
            "duration_minutes": "20",
        },
    )

    assert response.status_code == 302
    assert (item.presenter_id, item.kind, item.duration_minutes) == (
        people.chair.id,
        ItemKind.DECISION,
        20,
    )


def test_presenter_from_outside_the_groups_is_refused(liberec, people, login_as):
    response = _add(
        login_as(people.assistant), liberec, "Úvod", presenter_id=str(people.outsider.id)
    )

    assert response.status_code == 422
    assert "Choose a presenter from the groups taking part." in response.get_data(as_text=True)


def test_joint_meeting_item_gets_a_responsible_group(people, login_as):
    from .. import factories

    joint = factories.make_meeting(people.group, extra_groups=[people.other_group])
    client = login_as(people.assistant)

    response = _add(client, joint, "Planetárium", responsible_group_id=str(people.other_group.id))
    page = client.get(f"/meetings/{joint.id}").get_data(as_text=True)

    assert response.status_code == 302
    assert _items(joint)[0].responsible_group_id == people.other_group.id
    assert "Responsible: Szociális gondoskodás" in page


@pytest.mark.parametrize("minutes", ["100000000000000000000", "1441", "-1", "1e309", "NaN"])
def test_item_duration_out_of_range_is_refused_keeping_the_form(liberec, people, login_as, minutes):
    response = _add(login_as(people.assistant), liberec, "Úvod", duration_minutes=minutes)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the duration as a whole number of minutes, 0 or more." in page
    assert 'value="Úvod"' in page
