"""Two people editing the same agenda item, meeting or group at once: what only one of them
changed is kept; what both changed waits for a choice; a save in the same instant as
another is refused with a page that says so, never a silent overwrite."""

from __future__ import annotations

from meetings.extensions import db

from .agenda.conftest import add_items
from .agenda.conftest import liberec as liberec
from .forms import form_values


def _open(browser, url: str) -> dict[str, str]:
    """The edit form of ``url`` as its page shows it (the page's form that posts back)."""
    response = browser.get(url)
    assert response.status_code == 200
    return form_values(response.get_data(as_text=True), action=url)


def _both_save(url: str, first, second, first_changes: dict, second_changes: dict):
    """Both open the form, then save their changes one after the other; the second
    person's response."""
    form_a, form_b = _open(first, url), _open(second, url)
    assert first.post(url, data=form_a | first_changes).status_code == 302
    return second.post(url, data=form_b | second_changes)


def test_agenda_item_title_and_duration_changed_by_two_people(liberec, people, browser_of):
    (item,) = add_items(liberec, ["Zajištění prostor pro přípravné jednání"])
    response = _both_save(
        f"/meetings/{liberec.id}/agenda/items/{item.id}",
        browser_of(people.assistant),
        browser_of(people.chair),
        {"title": "Zajištění prostor v IQ parku Liberec"},
        {"duration_minutes": "20"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.title == "Zajištění prostor v IQ parku Liberec"
    assert item.duration_minutes == 20


def test_agenda_item_title_both_changed_waits_for_a_choice(liberec, people, browser_of):
    (item,) = add_items(liberec, ["Výběr účastníků"])
    url = f"/meetings/{liberec.id}/agenda/items/{item.id}"
    chair = browser_of(people.chair)
    response = _both_save(
        url,
        browser_of(people.assistant),
        chair,
        {"title": "Výběr účastníků rozšířeného setkání"},
        {"title": "Výběr hostů", "duration_minutes": "15"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Saved meanwhile: Výběr účastníků rozšířeného setkání" in html
    db.session.refresh(item)
    assert (item.title, item.duration_minutes) == ("Výběr účastníků rozšířeného setkání", None)

    again = form_values(html, action=url)
    again["keep-title"] = "theirs"
    assert chair.post(url, data=again).status_code == 302
    db.session.refresh(item)
    assert (item.title, item.duration_minutes) == ("Výběr účastníků rozšířeného setkání", 15)


def test_meeting_details_changed_by_two_people(liberec, people, browser_of):
    response = _both_save(
        f"/meetings/{liberec.id}/edit",
        browser_of(people.assistant),
        browser_of(people.chair),
        {"room": "velká zasedačka, 3. patro"},
        {"description": "Přípravné jednání ke kulatému stolu."},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(liberec)
    assert liberec.room == "velká zasedačka, 3. patro"
    assert liberec.description == "Přípravné jednání ke kulatému stolu."


def test_group_settings_changed_by_two_people(people, browser_of):
    group = people.group
    response = _both_save(
        f"/groups/{group.slug}/edit",
        browser_of(people.admin),
        browser_of(people.chair),
        {"goals": "Rozvoj sociálních služeb v kraji."},
        {"quorum": "3"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(group)
    assert group.goals == "Rozvoj sociálních služeb v kraji."
    assert group.quorum == 3


def test_a_save_in_the_same_instant_as_another_is_refused_not_lost(
    liberec, people, browser_of, monkeypatch
):
    """The version is checked at the write: another server's save landing between our
    reading and our writing makes ours fail with a page that says so."""
    from meetings.agenda import services as agenda_services

    (item,) = add_items(liberec, ["Bod"])
    db.session.commit()
    url = f"/meetings/{liberec.id}/agenda/items/{item.id}"
    assistant = browser_of(people.assistant)
    form = _open(assistant, url)
    update = agenda_services.update_agenda_item

    def saved_elsewhere_first(item, fields):
        db.session.execute(
            db.text("UPDATE agenda_items SET title = 'Jiný', version = version + 1 WHERE id = :i"),
            {"i": item.id},
        )
        return update(item, fields)

    monkeypatch.setattr(agenda_services, "update_agenda_item", saved_elsewhere_first)
    form["duration_minutes"] = "10"
    response = assistant.post(url, data=form, headers={"Referer": "http://localhost" + url})
    assert response.status_code == 409
    assert "Someone else saved this at the same moment" in response.get_data(as_text=True)
    assert "Nothing of yours was saved" in response.get_data(as_text=True)
    # Nothing of ours was written.
    db.session.expire_all()
    assert db.session.get(type(item), item.id).duration_minutes is None


def test_group_documents_and_group_settings_changed_by_two_people(people, browser_of):
    group = people.group
    chair, admin = browser_of(people.chair), browser_of(people.admin)
    documents = _open(chair, f"/groups/{group.slug}/documents")
    settings = _open(admin, f"/groups/{group.slug}/edit")
    assert (
        chair.post(
            f"/groups/{group.slug}/documents",
            data=documents | {"funding_line": "Projekt je spolufinancován z ESF."},
        ).status_code
        == 302
    )
    assert (
        admin.post(f"/groups/{group.slug}/edit", data=settings | {"quorum": "4"}).status_code == 302
    )
    db.session.refresh(group)
    assert (group.funding_line, group.quorum) == ("Projekt je spolufinancován z ESF.", 4)


def test_group_documents_both_changed_wait_for_a_choice(people, browser_of):
    group = people.group
    url = f"/groups/{group.slug}/documents"
    response = _both_save(
        url,
        browser_of(people.chair),
        browser_of(people.admin),
        {"funding_line": "Projekt je spolufinancován z ESF.", "reference_pattern": "A/{number}"},
        {"funding_line": "Financováno z OP Zaměstnanost.", "attaches_invitation_letter": "y"},
    )
    html = response.get_data(as_text=True)
    assert "Saved meanwhile: Projekt je spolufinancován z ESF." in html
    db.session.refresh(group)
    assert group.funding_line == "Projekt je spolufinancován z ESF."
    assert group.attaches_invitation_letter is False

    again = form_values(html, action=url)
    assert again["reference_pattern"] == "A/{number}"  # the other person's change, merged
    again["keep-funding_line"] = "mine"
    assert browser_of(people.admin).post(url, data=again).status_code == 302
    db.session.refresh(group)
    assert group.funding_line == "Financováno z OP Zaměstnanost."
    assert group.minutes_reference_pattern == "A/{number}"
    assert group.attaches_invitation_letter is True
