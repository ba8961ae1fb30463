"""WTForms' own messages (a choice not offered, a number that is no number …) speak the
person's language like every other message."""

from __future__ import annotations

import html

import flask_wtf
import pytest

import meetings
from meetings.forms import WebForm
from meetings.venues.forms import VenueForm

from . import factories

NOT_A_VALID_CHOICE = {
    "en": "Not a valid choice.",
    "cs": "Vyberte jednu z nabízených možností.",
    "sk": "Vyberte jednu z ponúkaných možností.",
    "hu": "Válasszon a felkínált lehetőségek közül.",
    "lv": "Izvēlieties kādu no piedāvātajām iespējām.",
}


@pytest.mark.parametrize("language", sorted(NOT_A_VALID_CHOICE))
def test_answer_not_offered_is_refused_in_the_persons_language(login_as, people, language):
    meeting = factories.make_meeting(people.group)
    people.member.locale = language
    client = login_as(people.member)

    response = client.post(
        f"/meetings/{meeting.id}/answer", data={"answer": "maybe"}, follow_redirects=True
    )

    assert NOT_A_VALID_CHOICE[language] in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("language", sorted(NOT_A_VALID_CHOICE))
def test_country_not_offered_is_refused_in_the_persons_language(login_as, people, language):
    people.assistant.locale = language
    client = login_as(people.assistant)

    response = client.post(
        "/venues/new", data={"name": "ANNOLK", "city": "Liberec", "country": "XX"}
    )

    body = html.unescape(response.get_data(as_text=True))
    assert (response.status_code, NOT_A_VALID_CHOICE[language] in body) == (200, True)
    assert 'value="ANNOLK"' in body


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_form_of_the_app_speaks_our_languages():
    """Each form is a WebForm, whose WTForms messages come from our catalogs."""
    assert VenueForm in _subclasses(WebForm)
    ours = {
        form
        for form in _subclasses(flask_wtf.FlaskForm)
        if form.__module__.startswith(meetings.__name__ + ".")
    }
    assert sorted(f.__qualname__ for f in ours - _subclasses(WebForm) - {WebForm}) == []
