"""Letterheads: an organisation's registration number and logo on the documents of the
groups it leads; a group's funding statement and logos at their foot (EU projects); the
sections its minutes have and their headings."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from meetings.auth.models import Organisation
from meetings.extensions import db
from meetings.scheduling.enums import MeetingStatus
from meetings.storage import services as storage

from .. import factories
from ..conftest import get_document
from ..documents.test_archival import conformance_failures
from ..forms import form_values


def png(width: int = 120, height: int = 40, colour: str = "#1f5f8b") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def _organisation_form(organisation: Organisation, **extra) -> dict:
    return {"name": organisation.name, "city": organisation.city or ""} | extra


def test_an_organisation_gets_a_registration_number_and_a_logo(people, login_as):
    office = factories.make_organisation("Krajský úřad Libereckého kraje", city="Liberec")
    client = login_as(people.admin)

    response = client.post(
        f"/organisations/{office.id}/edit",
        data=_organisation_form(
            office, registration_number="IČO 70891508", logo=(io.BytesIO(png()), "logo.png")
        ),
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    assert office.registration_number == "IČO 70891508"
    assert office.logo.content_type == "image/png"
    assert storage.read(office.logo) == png()


def test_a_file_that_is_not_an_image_is_refused_and_the_typed_values_kept(people, login_as):
    office = factories.make_organisation("Krajský úřad Libereckého kraje", city="Liberec")
    client = login_as(people.admin)

    response = client.post(
        f"/organisations/{office.id}/edit",
        data=_organisation_form(
            office,
            name="Krajský úřad LK",
            logo=(io.BytesIO(b"MZ\x90\x00 not an image"), "logo.png"),
        ),
        content_type="multipart/form-data",
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The logo must be a PNG or JPEG image." in page
    assert 'value="Krajský úřad LK"' in page
    db.session.expire_all()
    assert (office.name, office.logo_file_id) == ("Krajský úřad Libereckého kraje", None)


def test_a_new_logo_replaces_the_old_one_and_removing_it_leaves_none(people, login_as):
    office = factories.make_organisation("ANNOLK", city="Liberec")
    client = login_as(people.admin)

    def save(**extra):
        return client.post(
            f"/organisations/{office.id}/edit",
            data=_organisation_form(office, **extra),
            content_type="multipart/form-data",
        )

    save(logo=(io.BytesIO(png(colour="red")), "a.png"))
    first = office.logo_file_id
    save(logo=(io.BytesIO(png(colour="blue")), "b.png"))
    second = office.logo_file_id
    save(remove_logo="y")

    assert first is not None and second is not None and first != second
    assert office.logo_file_id is None


def test_the_chair_sets_the_funding_line_and_logos_of_the_groups_documents(people, login_as):
    client = login_as(people.chair)

    response = client.post(
        f"/groups/{people.group.slug}/documents",
        data={
            "funding_line": "Projekt je spolufinancován Evropským sociálním fondem.",
            "funding_logo": (io.BytesIO(png(300, 40)), "eu.png"),
        },
        content_type="multipart/form-data",
    )
    refused = client.post(
        f"/groups/{people.group.slug}/documents",
        data={"funding_line": "x", "funding_logo": (io.BytesIO(b"GIF89a..."), "eu.gif")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    assert people.group.funding_line == "Projekt je spolufinancován Evropským sociálním fondem."
    assert people.group.funding_logo.content_type == "image/png"
    assert refused.status_code == 200
    assert "The logo must be a PNG or JPEG image." in refused.get_data(as_text=True)
    assert people.group.funding_line.startswith("Projekt")
    assert login_as(people.member).get(f"/groups/{people.group.slug}/documents").status_code == 403


def test_the_agenda_carries_the_letterhead_and_the_funding_foot(people, login_as):
    office = factories.make_organisation(
        "Krajský úřad Libereckého kraje",
        street="U Jezu 642/2a",
        postcode="461 80",
        city="Liberec",
        website="https://www.kraj-lbc.cz",
        registration_number="IČO 70891508",
    )
    office.logo = storage.store(png(), "image/png")
    group = people.group
    group.lead_organisation = office
    group.funding_line = "Projekt je spolufinancován Evropským sociálním fondem."
    group.funding_logo = storage.store(png(300, 40, "#003399"), "image/png")
    meeting = factories.make_meeting(group)
    db.session.flush()

    response = get_document(login_as(people.assistant), f"/meetings/{meeting.id}/agenda.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    images = [image for p in reader.pages for image in p.images]

    assert "Krajský úřad Libereckého kraje" in text
    assert "U Jezu 642/2a, 461 80 Liberec" in text
    assert "IČO 70891508" in text
    assert "Projekt je spolufinancován Evropským sociálním fondem." in text
    assert len(images) == 2  # the organisation's logo and the funding logos
    assert conformance_failures(response.data) == {"3a": [], "ua1": []}


def test_the_minutes_reference_follows_the_groups_pattern(people, login_as):
    from meetings.groups.services import minutes_reference

    client = login_as(people.chair)
    meeting = factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2018, 12, 31, 23, 30)
    )

    refused = client.post(
        f"/groups/{people.group.slug}/documents", data={"reference_pattern": "PS-SOC/{year}"}
    )
    saved = client.post(
        f"/groups/{people.group.slug}/documents",
        data={"reference_pattern": "PS-SOC/{year}/{number}"},
    )

    assert refused.status_code == 200
    assert "Put {number} in the pattern" in refused.get_data(as_text=True)
    assert saved.status_code == 302
    # The meeting's year where it is held (in UTC it is already 2019).
    assert minutes_reference(meeting) == f"PS-SOC/2018/{meeting.number}"


def test_the_group_chooses_the_sections_of_its_minutes_and_their_headings(people, login_as):
    from meetings.minutes.models import Minutes

    group = people.group
    group.language = "cs"
    meeting = factories.make_meeting(group, status=MeetingStatus.HELD)
    db.session.add(Minutes(meeting=meeting, opening="Zahájení.", next_meeting="V dubnu."))
    db.session.flush()
    client = login_as(people.chair)
    url = f"/groups/{group.slug}/documents"
    form = form_values(client.get(url).get_data(as_text=True), action=url)
    form.pop("shows_actions")
    form.pop("shows_next_meeting")
    too_long = client.post(
        f"/groups/{group.slug}/documents", data=form | {"heading_attendance": "P" * 101}
    )
    saved = client.post(
        f"/groups/{group.slug}/documents", data=form | {"heading_attendance": "Prezence"}
    )

    assert too_long.status_code == 200
    assert "At most 100 characters." in too_long.get_data(as_text=True)
    assert saved.status_code == 302
    page = client.get(f"/groups/{group.slug}/documents").get_data(as_text=True)
    assert 'value="Prezence"' in page
    document = get_document(login_as(people.assistant), f"/meetings/{meeting.id}/minutes.pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(document.data)).pages
    )
    assert "Prezence" in text
    assert "Průběh jednání" in text  # the usual heading, in the group's language
    assert "Úkoly" not in text and "Příští setkání" not in text and "V dubnu." not in text
    assert conformance_failures(document.data) == {"3a": [], "ua1": []}

    # Everything shown with the usual headings again: nothing of the choice is kept.
    client = login_as(people.chair)
    form = form_values(client.get(url).get_data(as_text=True), action=url)
    everything = form | {"shows_actions": "y", "shows_next_meeting": "y", "heading_attendance": ""}
    assert client.post(url, data=everything).status_code == 302
    db.session.refresh(group)
    assert group.minutes_sections is None
