"""The invitation letter (Pozvánka): on the group's letterhead, who convenes and who
organises with their contact, when and where with a map link, the published agenda with
times and presenters, the documents and how to answer; PDF/A-3a and PDF/UA-1."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from meetings.agenda.models import AgendaItem
from meetings.agenda.services import store_attachment
from meetings.db import utcnow
from meetings.extensions import db

from .. import factories
from ..conftest import get_document
from ..documents.test_archival import conformance_failures
from ..forms import form_values
from ..groups.test_letterhead import png
from .conftest import by_recipient, html_body, meeting_form, text_body


def _meeting(people, published: bool):
    people.group.lead_organisation = factories.make_organisation(
        "Pakt zaměstnanosti Libereckého kraje", city="Liberec"
    )
    people.chair.grammatical_gender = "feminine"
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", postcode="460 01", city="Liberec")
    meeting = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2040, 4, 18, 10),
        venue=venue,
        title="11. setkání pracovní skupiny Sociální služby",
    )
    opening = AgendaItem(meeting=meeting, position=0, title="Zahájení kulatého stolu")
    opening.duration_minutes = 30
    db.session.add(opening)
    db.session.add(AgendaItem(meeting=meeting, position=1, title="Sociální podnikání v kraji"))
    store_attachment(meeting, io.BytesIO(png()), "mapa-parkovani.png", people.assistant)
    if published:
        meeting.agenda_published_at = utcnow()
    db.session.flush()
    return meeting


def _read(response) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    links = [
        a.get_object()["/A"]["/URI"]
        for p in reader.pages
        for a in p.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    return text, links


def test_the_letter_says_who_convenes_when_where_and_what(people, login_as):
    meeting = _meeting(people, published=True)

    response = get_document(login_as(people.member), f"/meetings/{meeting.id}/invitation.pdf")
    text, links = _read(response)

    assert response.mimetype == "application/pdf"
    assert "Pakt zaměstnanosti Libereckého kraje" in text  # the letterhead
    assert "Pozvánka" in text and "11. setkání pracovní skupiny Sociální služby" in text
    assert "18. dubna 2040" in text and "10:00–12:00" in text
    assert "ANNOLK, U Nisy 362/6, 460 01 Liberec" in text
    assert "Předsedkyně Jana Předsedová, chair@example.org" in text
    assert "Eva Asistentová, assistant@example.org" in text
    found = [text.find(t) for t in ("1. 10:00 Zahájení kulatého stolu", "2. 10:30 Sociální")]
    assert -1 not in found and found == sorted(found)
    assert "mapa-parkovani.png" in text
    assert any(link.startswith("https://www.openstreetmap.org/search?query=") for link in links)
    assert any(link.endswith(f"/meetings/{meeting.id}") for link in links)
    assert conformance_failures(response.data) == {"3a": [], "ua1": []}
    # Named in the group's language after its title, as the e-mail's attachment is.
    assert response.headers["Content-Disposition"] == (
        "inline; filename=pozvanka-11-setkani-pracovni-skupiny-socialni-sluzby.pdf"
    )


def test_before_the_agenda_is_published_the_letter_says_it_will_follow(people, login_as):
    meeting = _meeting(people, published=False)

    response = get_document(login_as(people.member), f"/meetings/{meeting.id}/invitation.pdf")
    text, _links = _read(response)

    assert "Program jednání bude doplněn." in text
    assert "Zahájení kulatého stolu" not in text and "mapa-parkovani.png" not in text


def test_the_letter_asks_for_an_answer_by_the_day_set(people, login_as):
    meeting = _meeting(people, published=True)
    client = login_as(people.assistant)
    url = f"/meetings/{meeting.id}/edit"
    form = form_values(client.get(url).get_data(as_text=True), action=url)

    late = client.post(url, data=form | {"answer_by": "2040-04-19"})
    saved = client.post(url, data=form | {"answer_by": "2040-04-06"})

    assert late.status_code == 200
    assert "Ask for the answers by the day of the meeting at the latest." in late.get_data(
        as_text=True
    )
    assert saved.status_code == 302
    assert meeting.answer_by == dt.date(2040, 4, 6)
    text, _links = _read(get_document(client, f"/meetings/{meeting.id}/invitation.pdf"))
    assert "Odpovězte prosím do 6. dubna 2040." in text


def test_the_invitation_asks_for_an_answer_by_the_day_set(setting, smtp_server, login_as):
    client = login_as(setting.assistant)
    meeting = setting.meeting
    assert (
        client.post(
            f"/meetings/{meeting.id}/edit", data=meeting_form(meeting, answer_by="2030-03-12")
        ).status_code
        == 302
    )

    assert client.post(f"/meetings/{meeting.id}/schedule").status_code == 302
    invited = by_recipient(smtp_server.wait_for(2))

    expected = {
        setting.chair.email: "Odpovězte prosím do 12. března 2030.",
        setting.member.email: "Kérjük, válaszoljon eddig: 2030. március 12.",
    }
    for email, sentence in expected.items():
        assert sentence in " ".join(text_body(invited[email]).split())
        assert sentence in " ".join(html_body(invited[email]).split())
