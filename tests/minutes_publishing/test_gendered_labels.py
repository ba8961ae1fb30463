"""Role and attendance labels in the person's own form: a chair who said she is a woman is
"Předsedkyně" and "Přítomna" in Czech, a man "Předseda" and "Přítomen"; a person who did
not say keeps the neutral "Předseda / předsedkyně", "Přítomen/přítomna"."""

from __future__ import annotations

import html
import io
import re

from pypdf import PdfReader

from meetings.extensions import db
from meetings.minutes.publishing import publish
from meetings.storage import services as storage


def _words(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_a_person_chooses_the_form_on_the_account_page_and_may_clear_it(login_as, people):
    client = login_as(people.member)
    form = {"name": people.member.name, "locale": "cs", "timezone": ""}

    client.post("/auth/account", data=form | {"grammatical_gender": "masculine"})
    chosen = people.member.grammatical_gender
    page = client.get("/auth/account").get_data(as_text=True)
    client.post("/auth/account", data=form | {"grammatical_gender": ""})
    cleared = people.member.grammatical_gender

    assert chosen == "masculine"
    assert '<option selected value="masculine">' in page
    assert "Mužský rod (předseda, přítomen)" in page
    assert cleared is None


def test_an_unknown_form_is_refused_and_nothing_else_is_lost(login_as, people):
    client = login_as(people.member)

    response = client.post(
        "/auth/account",
        data={"name": "Petr Nový", "locale": "cs", "timezone": "", "grammatical_gender": "x"},
    )

    assert response.status_code == 200
    assert (people.member.name, people.member.grammatical_gender) == ("Petr Člen", None)
    assert 'value="Petr Nový"' in response.get_data(as_text=True)


def test_published_minutes_name_the_chair_and_each_attendance_in_the_persons_form(
    seed_minutes, people
):
    # Chair: a woman, present. Member: a man, excused. Assistant: not said, present.
    people.chair.grammatical_gender = "feminine"
    people.member.grammatical_gender = "masculine"
    db.session.flush()

    words = _words(storage.read(publish(seed_minutes.minutes, key=None)))

    assert "Předsedkyně Jana Předsedová" in words
    assert "Jana Předsedová Přítomna" in words
    assert re.search(r"Petr Člen .*?Omluven(?!/)", words)
    assert "Eva Asistentová Přítomen/přítomna" in words
    assert "Předseda / předsedkyně" not in words


def test_the_attendance_register_and_the_profile_use_the_persons_form(
    seed_minutes, people, login_as
):
    people.chair.grammatical_gender = "feminine"
    people.member.grammatical_gender = "masculine"
    people.member.locale = "cs"
    db.session.flush()
    client = login_as(people.member)

    minutes = html.unescape(
        client.get(f"/meetings/{seed_minutes.meeting.id}/minutes").get_data(as_text=True)
    )
    profile = html.unescape(client.get(f"/people/{people.chair.id}").get_data(as_text=True))

    register = minutes[minutes.index('id="attendance-heading"') :]

    def attendance_of(name: str) -> str:
        return re.search(rf"{name}</th>\s*<td>[^<]*</td>\s*<td>([^<]*)</td>", register).group(1)

    assert attendance_of("Jana Předsedová") == "Přítomna"
    assert attendance_of("Petr Člen") == "Omluven"
    assert attendance_of("Eva Asistentová") == "Přítomen/přítomna"
    assert ">Předsedkyně</span>" in profile
