"""Two people editing the same minutes: what only one changed is merged without a
conflict; what both changed is shown with both texts, and nothing is written until the
person chooses."""

from __future__ import annotations

from meetings.extensions import db
from meetings.minutes import services

from ..forms import form_values
from .conftest import page, seed_form

OPENING_A = "Dne 20. 3. 2018 se uskutečnilo setkání (doplnila asistentka)."
CLOSING_B = "Setkání bylo ukončeno ve 12:15 (opravila předsedkyně)."


def _edit_url(liberec) -> str:
    return f"/meetings/{liberec.meeting.id}/minutes/edit"


def _open_editor(client, liberec) -> dict[str, str]:
    response = client.get(_edit_url(liberec))
    assert response.status_code == 200
    return form_values(page(response), "minutes-editor")


def _saved_draft(liberec, browser_of):
    """Minutes with the seed's texts, saved once by the assistant."""
    client = browser_of(liberec.people.assistant)
    form = _open_editor(client, liberec)
    assert client.post(_edit_url(liberec), data=seed_form(liberec, form["version"])).status_code
    return client


def test_each_changing_a_different_field_keeps_both(liberec, browser_of):
    assistant = _saved_draft(liberec, browser_of)
    chair = browser_of(liberec.people.chair)
    # Both open the editor on the same version.
    form_a = _open_editor(assistant, liberec)
    form_b = _open_editor(chair, liberec)

    form_a["opening"] = OPENING_A
    assert assistant.post(_edit_url(liberec), data=form_a).status_code == 302
    # The chair changes only the closing, on the form opened before A's save.
    form_b["closing"] = CLOSING_B
    response = chair.post(_edit_url(liberec), data=form_b)
    assert response.status_code == 302, page(response)

    minutes = services.current_minutes(liberec.meeting)
    db.session.refresh(minutes)
    assert minutes.opening == OPENING_A
    assert minutes.closing == CLOSING_B
    # The untouched texts are still the seed's.
    assert minutes.next_meeting == "Duben 2018, Krajský úřad Libereckého kraje."


def test_a_field_both_changed_is_a_conflict_until_the_person_chooses(liberec, browser_of):
    assistant = _saved_draft(liberec, browser_of)
    chair = browser_of(liberec.people.chair)
    item = liberec.items[2]
    form_a = _open_editor(assistant, liberec)
    form_b = _open_editor(chair, liberec)

    form_a["opening"] = OPENING_A
    form_a[f"item-{item.id}"] = "Text asistentky k bodu 3."
    assert assistant.post(_edit_url(liberec), data=form_a).status_code == 302
    saved_version = services.current_minutes(liberec.meeting).version

    form_b[f"item-{item.id}"] = "Text předsedkyně k bodu 3."
    form_b["closing"] = CLOSING_B
    response = chair.post(_edit_url(liberec), data=form_b)
    html = page(response)
    assert response.status_code == 409
    assert "Edit conflict" in html
    # Nothing of the chair's was written.
    minutes = services.current_minutes(liberec.meeting)
    db.session.refresh(minutes)
    assert minutes.version == saved_version
    assert minutes.closing != CLOSING_B

    # The page shows both texts of the item; the opening (changed only by A) is not a
    # conflict and already holds A's text, the closing holds the chair's.
    conflict_form = form_values(html, "minutes-editor")
    assert conflict_form[f"item-{item.id}"] == "Text předsedkyně k bodu 3."
    assert "Text asistentky k bodu 3." in html
    assert conflict_form["opening"] == OPENING_A
    assert conflict_form["closing"] == CLOSING_B
    assert conflict_form["conflict"] == f"item-{item.id}"

    # Saving without choosing writes nothing and asks again.
    response = chair.post(_edit_url(liberec), data=conflict_form)
    assert response.status_code == 422
    assert "Choose which text to keep" in page(response)
    db.session.refresh(minutes)
    assert minutes.version == saved_version

    # Choosing the saved text keeps A's item text, with the chair's closing and A's opening.
    conflict_form[f"keep-item-{item.id}"] = "theirs"
    response = chair.post(_edit_url(liberec), data=conflict_form)
    assert response.status_code == 302, page(response)
    db.session.refresh(minutes)
    texts = {e.agenda_item_id: e.text for e in minutes.entries}
    assert texts[item.id] == "Text asistentky k bodu 3."
    assert minutes.opening == OPENING_A
    assert minutes.closing == CLOSING_B


def test_keeping_ones_own_text_after_a_conflict(liberec, browser_of):
    assistant = _saved_draft(liberec, browser_of)
    chair = browser_of(liberec.people.chair)
    form_a = _open_editor(assistant, liberec)
    form_b = _open_editor(chair, liberec)
    form_a["opening"] = OPENING_A
    assert assistant.post(_edit_url(liberec), data=form_a).status_code == 302
    form_b["opening"] = "Úvod podle předsedkyně."
    conflict_form = form_values(page(chair.post(_edit_url(liberec), data=form_b)), "minutes-editor")
    conflict_form["keep-opening"] = "mine"
    assert chair.post(_edit_url(liberec), data=conflict_form).status_code == 302
    minutes = services.current_minutes(liberec.meeting)
    db.session.refresh(minutes)
    assert minutes.opening == "Úvod podle předsedkyně."


def test_decisions_and_tasks_changed_by_one_are_merged(liberec, browser_of):
    assistant = _saved_draft(liberec, browser_of)
    chair = browser_of(liberec.people.chair)
    task = services.actions_of(liberec.meeting)[0]
    form_a = _open_editor(assistant, liberec)
    form_b = _open_editor(chair, liberec)
    form_a[f"action-{task.id}-text"] = "Domluvit termín dubnového jednání s krajem."
    assert assistant.post(_edit_url(liberec), data=form_a).status_code == 302
    form_b[f"action-{task.id}-status"] = "done"
    assert chair.post(_edit_url(liberec), data=form_b).status_code == 302
    db.session.expire_all()
    task = services.actions_of(liberec.meeting)[0]
    assert task.text == "Domluvit termín dubnového jednání s krajem."
    assert str(task.status) == "done"
