"""Two people editing the same agenda item, meeting or group at once: what only one of them
changed is kept; what both changed waits for a choice; a save in the same instant as
another is refused with a page that says so, never a silent overwrite."""

from __future__ import annotations

from meetings.extensions import db

from .agenda.conftest import add_items
from .agenda.conftest import liberec as liberec
from .forms import form_values


def _open(browser, url: str, form_id: str | None = None) -> dict[str, str]:
    response = browser.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if form_id is None:
        # The page's form that posts back to it (the first form is the language switcher).
        import lxml.html

        forms = [f for f in lxml.html.fromstring(html).forms if (f.action or "").endswith(url)]
        return dict(forms[0].form_values())
    return form_values(html, form_id)


def test_agenda_item_title_and_duration_changed_by_two_people(liberec, people, browser_of):
    (item,) = add_items(liberec, ["Zajištění prostor pro přípravné jednání"])
    url = f"/meetings/{liberec.id}/agenda/items/{item.id}"
    assistant = browser_of(people.assistant)
    chair = browser_of(people.chair)
    form_a = _open(assistant, url)
    form_b = _open(chair, url)

    form_a["title"] = "Zajištění prostor v IQ parku Liberec"
    assert assistant.post(url, data=form_a).status_code == 302
    form_b["duration_minutes"] = "20"
    response = chair.post(url, data=form_b)
    assert response.status_code == 302, response.get_data(as_text=True)

    db.session.refresh(item)
    assert item.title == "Zajištění prostor v IQ parku Liberec"
    assert item.duration_minutes == 20


def test_agenda_item_title_both_changed_waits_for_a_choice(liberec, people, browser_of):
    (item,) = add_items(liberec, ["Výběr účastníků"])
    url = f"/meetings/{liberec.id}/agenda/items/{item.id}"
    assistant = browser_of(people.assistant)
    chair = browser_of(people.chair)
    form_a = _open(assistant, url)
    form_b = _open(chair, url)
    form_a["title"] = "Výběr účastníků rozšířeného setkání"
    assert assistant.post(url, data=form_a).status_code == 302
    form_b["title"] = "Výběr hostů"
    form_b["duration_minutes"] = "15"
    response = chair.post(url, data=form_b)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Saved meanwhile: Výběr účastníků rozšířeného setkání" in html
    db.session.refresh(item)
    assert (item.title, item.duration_minutes) == ("Výběr účastníků rozšířeného setkání", None)

    again = _open_form_from(html, url)
    again["keep-title"] = "theirs"
    response = chair.post(url, data=again)
    assert response.status_code == 302
    db.session.refresh(item)
    assert (item.title, item.duration_minutes) == ("Výběr účastníků rozšířeného setkání", 15)


def _open_form_from(html: str, url: str) -> dict[str, str]:
    import lxml.html

    forms = [f for f in lxml.html.fromstring(html).forms if (f.action or "").endswith(url)]
    return dict(forms[0].form_values())


def test_meeting_details_changed_by_two_people(liberec, people, browser_of):
    url = f"/meetings/{liberec.id}/edit"
    assistant = browser_of(people.assistant)
    chair = browser_of(people.chair)
    form_a = _open(assistant, url)
    form_b = _open(chair, url)
    form_a["room"] = "velká zasedačka, 3. patro"
    assert assistant.post(url, data=form_a).status_code == 302
    form_b["description"] = "Přípravné jednání ke kulatému stolu."
    response = chair.post(url, data=form_b)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(liberec)
    assert liberec.room == "velká zasedačka, 3. patro"
    assert liberec.description == "Přípravné jednání ke kulatému stolu."


def test_group_settings_changed_by_two_people(people, browser_of):
    group = people.group
    url = f"/groups/{group.slug}/edit"
    admin = browser_of(people.admin)
    chair = browser_of(people.chair)
    form_a = _open(admin, url)
    form_b = _open(chair, url)
    form_a["goals"] = "Rozvoj sociálních služeb v kraji."
    assert admin.post(url, data=form_a).status_code == 302
    form_b["quorum"] = "3"
    response = chair.post(url, data=form_b)
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
