"""The editor: saves as revisions, optimistic locking with a conflict page that keeps the
text, decisions numbered 10/1, 10/2 …, checks that keep what was typed, the history diff."""

from __future__ import annotations

import re

import pytest

from meetings.extensions import db
from meetings.minutes import services
from meetings.minutes.models import Decision

from .conftest import COURSE, editor_version, page, seed_form


def _edit_url(liberec) -> str:
    return f"/meetings/{liberec.meeting.id}/minutes/edit"


def test_concurrent_saves_second_gets_conflict_page_with_own_text(liberec, login_as):
    item = liberec.items[0]
    # Both open the editor on the same version.
    assistant = login_as(liberec.people.assistant)
    version = editor_version(assistant, liberec.meeting)
    response = assistant.post(
        _edit_url(liberec), data={"version": version, f"item-{item.id}": "Text asistentky."}
    )
    assert response.status_code == 302

    # The chair saves based on the same, now old, version.
    chair = login_as(liberec.people.chair)
    response = chair.post(
        _edit_url(liberec), data={"version": version, f"item-{item.id}": "Text předsedkyně."}
    )
    html = page(response)
    assert response.status_code == 409
    assert "Edit conflict" in html
    # Side by side: the chair's own text ready to save, and the saved text.
    assert re.search(
        rf'<textarea id="item-{item.id}" name="item-{item.id}"[^>]*>Text předsedkyně\.</textarea>',
        html,
    )
    assert re.search(
        rf'<textarea id="item-{item.id}-saved"[^>]*>Text asistentky\.</textarea>', html
    )
    # Nothing of the chair's was saved; the form is now based on the new version.
    minutes = services.current_minutes(liberec.meeting)
    assert [e.text for e in minutes.entries] == ["Text asistentky."]
    new_version = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert new_version == str(minutes.version)

    # Saving again from the conflict page works.
    response = chair.post(
        _edit_url(liberec),
        data={"version": new_version, f"item-{item.id}": "Text asistentky. Text předsedkyně."},
    )
    assert response.status_code == 302
    db.session.refresh(minutes)
    assert [e.text for e in minutes.entries] == ["Text asistentky. Text předsedkyně."]


def test_every_save_is_one_revision_with_author(liberec, login_as):
    client = login_as(liberec.people.assistant)
    for text in ("První verze.", "Druhá verze.", "Třetí verze."):
        version = editor_version(client, liberec.meeting)
        assert (
            client.post(_edit_url(liberec), data={"version": version, "opening": text}).status_code
            == 302
        )
    minutes = services.current_minutes(liberec.meeting)
    revisions = services.revisions_of(minutes)
    assert [(r.number, r.author_id, r.content["opening"]) for r in revisions] == [
        (1, liberec.people.assistant.id, "První verze."),
        (2, liberec.people.assistant.id, "Druhá verze."),
        (3, liberec.people.assistant.id, "Třetí verze."),
    ]


def test_history_diff_shows_the_changed_sentence(liberec, login_as):
    client = login_as(liberec.people.assistant)
    item = liberec.items[4]
    before = "Prostory budou zajištěny na Krajském úřadě. Pozvánky rozešle asistentka."
    after = "Prostory budou zajištěny v IQ parku Liberec. Pozvánky rozešle asistentka."
    for text in (before, after):
        version = editor_version(client, liberec.meeting)
        client.post(_edit_url(liberec), data={"version": version, f"item-{item.id}": text})
    response = client.get(f"/meetings/{liberec.meeting.id}/minutes/history?a=1&b=2")
    html = page(response)
    assert response.status_code == 200
    assert "<del>Prostory budou zajištěny na Krajském úřadě.</del>" in html
    assert "<ins>Prostory budou zajištěny v IQ parku Liberec.</ins>" in html
    assert "<span>Pozvánky rozešle asistentka.</span>" in html


def test_diff_escapes_html_in_text(liberec):
    parts = services.FieldDiff("x", services.diff_text("A.", "<script>alert(1)</script>")).html
    assert str(parts) == "<del>A.</del> <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>"


def test_decisions_are_numbered_meeting_slash_sequence_in_agenda_order(liberec, login_as):
    client = login_as(liberec.people.assistant)
    fourth, second = liberec.items[3], liberec.items[1]
    data = {
        "version": editor_version(client, liberec.meeting),
        f"new-decision-{fourth.id}-text": "Účastníky navrhne předsedkyně.",
        f"new-decision-{second.id}-text": "Témata rozšířeného jednání se schvalují.",
        f"new-decision-{second.id}-for": "7",
        f"new-decision-{second.id}-against": "0",
        f"new-decision-{second.id}-abstaining": "1",
    }
    assert client.post(_edit_url(liberec), data=data).status_code == 302
    decisions = services.decisions_of(liberec.meeting)
    assert [(services.decision_label(d), d.text) for d in decisions] == [
        ("10/1", "Témata rozšířeného jednání se schvalují."),
        ("10/2", "Účastníky navrhne předsedkyně."),
    ]
    assert (decisions[0].votes_for, decisions[0].votes_against, decisions[0].votes_abstaining) == (
        7,
        0,
        1,
    )
    # Removing 10/1 renumbers the draft's decisions.
    data = {
        "version": editor_version(client, liberec.meeting),
        "remove": f"decision-{decisions[0].id}",
        f"decision-{decisions[0].id}-text": decisions[0].text,
        f"decision-{decisions[1].id}-text": decisions[1].text,
    }
    assert client.post(_edit_url(liberec), data=data).status_code == 302
    assert [
        (services.decision_label(d), d.text) for d in services.decisions_of(liberec.meeting)
    ] == [("10/1", "Účastníky navrhne předsedkyně.")]


def test_invalid_votes_and_date_are_refused_and_text_kept(liberec, login_as):
    client = login_as(liberec.people.assistant)
    item = liberec.items[5]
    data = seed_form(liberec, editor_version(client, liberec.meeting))
    data[f"new-decision-{item.id}-text"] = "Termín bude dohodnut e-mailem."
    data[f"new-decision-{item.id}-for"] = "sedm"
    data[f"new-action-{item.id}-due"] = "31. 4. 2018"
    response = client.post(_edit_url(liberec), data=data)
    html = page(response)
    assert response.status_code == 422
    assert "Enter a whole number, 0 or more." in html
    assert "Enter the date as day, month and year" in html
    # Everything typed is still there.
    assert COURSE[0] in html
    assert 'value="sedm"' in html
    assert "Termín bude dohodnut e-mailem." in html
    assert services.current_minutes(liberec.meeting) is None
    assert db.session.scalars(db.select(Decision)).all() == []


def test_unknown_owner_is_refused_not_a_server_error(liberec, login_as):
    client = login_as(liberec.people.assistant)
    item = liberec.items[5]
    data = {
        "version": editor_version(client, liberec.meeting),
        f"new-action-{item.id}-text": "Úkol",
        f"new-action-{item.id}-owner": "abc",
    }
    response = client.post(_edit_url(liberec), data=data)
    assert response.status_code == 422
    assert "Choose one of the offered options." in page(response)


def test_markdown_is_rendered_and_sanitised(liberec, login_as):
    client = login_as(liberec.people.assistant)
    item = liberec.items[0]
    text = "**Shoda** na postupu.\n\n- bod jedna\n- bod dva\n\n<script>alert(1)</script>"
    client.post(
        _edit_url(liberec),
        data={"version": editor_version(client, liberec.meeting), f"item-{item.id}": text},
    )
    html = client.get(f"/meetings/{liberec.meeting.id}/minutes").get_data(as_text=True)
    assert "<strong>Shoda</strong>" in html
    assert "<li>bod jedna</li>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_editor_numbers_items_like_the_agenda(liberec, login_as):
    html = page(login_as(liberec.people.assistant).get(_edit_url(liberec)))
    assert "1. Příprava rozšířeného jednání" in html
    assert "2a Zahájení kulatého stolu" in html
    assert "2e Cíle rozvoje a podpory sociálního podnikání" in html
    assert "6. Přípravné setkání se zástupci Libereckého kraje" in html


@pytest.mark.parametrize("votes", ["100000000000000000000", "100001", "-1", "1e309", "NaN"])
def test_vote_counts_out_of_range_are_refused_and_text_kept(liberec, login_as, votes):
    client = login_as(liberec.people.assistant)
    item = liberec.items[5]
    data = seed_form(liberec, editor_version(client, liberec.meeting))
    data[f"new-decision-{item.id}-text"] = "Termín bude dohodnut e-mailem."
    data[f"new-decision-{item.id}-against"] = votes

    response = client.post(_edit_url(liberec), data=data)

    html = page(response)
    assert (response.status_code, "Enter a whole number, 0 or more." in html) == (422, True)
    assert f'value="{votes}"' in html
    assert "Termín bude dohodnut e-mailem." in html
    assert db.session.scalars(db.select(Decision)).all() == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a date between 1900 and 2199."),
        ("lv", "Ievadiet datumu no 1900. līdz 2199. gadam."),
    ],
)
@pytest.mark.parametrize("due", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_task_due_date_outside_the_calendar_years_is_refused_in_the_persons_language(
    liberec, login_as, due, language, message
):
    liberec.people.assistant.locale = language
    client = login_as(liberec.people.assistant)
    item = liberec.items[5]
    data = seed_form(liberec, editor_version(client, liberec.meeting))
    data[f"new-action-{item.id}-text"] = "Bude dohodnut termín dubnového jednání."
    data[f"new-action-{item.id}-due"] = due

    response = client.post(_edit_url(liberec), data=data)

    html = page(response)
    assert (response.status_code, message in html) == (422, True)
    assert f'value="{due}"' in html
    assert "Bude dohodnut termín dubnového jednání." in html
    assert services.current_minutes(liberec.meeting) is None
