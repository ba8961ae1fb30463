"""The XSS corpus through every free-text field a person can type into, checked inert
wherever the text comes back: pages, e-mail, calendar files and PDFs.

Each form is opened as its user would open it; every text input and textarea on it is
filled with payloads of ``corpus.PAYLOADS`` (as many per value as its maxlength takes,
in as many rounds as it takes to send them all); the form is sent with what the page
holds otherwise; then the page it leads to and the pages that show the text are parsed
as a browser parses them (``corpus.problems``), and the text must be there as text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

import icalendar
import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.models import Invitation
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import get_document
from .corpus import MARK, chunks, find_form, form_values, parse, problems, text_of


@dataclass
class World:
    people: object
    group: object
    organisation: object
    venue: object
    #: A public meeting ahead, with an agenda item and the member invited.
    meeting: object
    item: object
    #: A held meeting whose minutes are written.
    held: object
    #: Meetings ahead to be cancelled, one per round.
    others: list
    ids: dict = field(default_factory=dict)


@pytest.fixture
def world(people) -> World:
    group = people.group
    group.is_public = True
    organisation = factories.make_organisation("Krajský úřad Libereckého kraje")
    people.member.organisation = organisation
    venue = factories.make_venue("Krajský úřad", street="U Jezu 642/2a", city="Liberec")
    meeting = factories.make_meeting(
        group,
        venue=venue,
        is_public=True,
        registration_open=True,
        starts_at=factories.local_time("Europe/Prague", 2030, 3, 19, 10),
    )
    item = AgendaItem(meeting=meeting, position=0, title="Zahájení")
    db.session.add(item)
    db.session.add(Invitation(meeting=meeting, user_id=people.member.id, rsvp=Rsvp.NEEDS_ACTION))
    held = factories.make_meeting(
        group,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
        status=MeetingStatus.HELD,
        title="10. setkání",
    )
    for position, title in enumerate(["Úvod", "Sociální podnikání"]):
        db.session.add(AgendaItem(meeting=held, position=position, title=title))
    for person in (people.chair, people.assistant, people.member):
        db.session.add(Invitation(meeting=held, user_id=person.id, rsvp=Rsvp.ACCEPTED))
    others = [
        factories.make_meeting(
            group, is_public=True, starts_at=factories.local_time("Europe/Prague", 2030, 4, day, 10)
        )
        for day in range(10, 18)
    ]
    db.session.flush()
    ids = {
        "slug": group.slug,
        "organisation": organisation.id,
        "venue": venue.id,
        "meeting": meeting.id,
        "item": item.id,
        "held": held.id,
        "member": people.member.id,
    }
    return World(people, group, organisation, venue, meeting, item, held, others, ids)


@dataclass
class Surface:
    """A form with free-text fields, and where what is typed into it is shown."""

    #: Who fills the form in (a role of the `people` fixture, or "anonymous").
    author: str
    #: The page with the form, and the end of the form's action.
    page: str
    action: str
    #: The pages that show the text, and who reads them.
    shown_on: list[str]
    reader: str = "assistant"
    #: Text fields that are not free text (dates, numbers, addresses, time zones).
    skip: tuple[str, ...] = ()
    #: Fixed values (a round's number is put into "{round}").
    extra: dict[str, str] = field(default_factory=dict)
    #: Changes the values as the person would (choose a row's state …).
    prepare: Callable[[dict], None] | None = None


def _represented(data: dict) -> None:
    """A substitute's name goes with the state "represented"."""
    for name in list(data):
        if name.startswith("represented-"):
            data["attendance-" + name.removeprefix("represented-")] = "represented"


SURFACES = {
    "group settings": Surface(
        "admin",
        "/groups/{slug}/edit",
        "/groups/{slug}/edit",
        ["/groups/{slug}", "/groups/", "/events", "/dashboard", "/meetings/{meeting}"],
        skip=("slug", "timezone", "quorum"),
    ),
    "organisation": Surface(
        "admin",
        "/organisations/{organisation}/edit",
        "/organisations/{organisation}/edit",
        ["/organisations/{organisation}", "/organisations/", "/people/{member}"],
        reader="admin",
        skip=("website", "email", "phone", "country"),
    ),
    "venue": Surface(
        "admin",
        "/venues/{venue}/edit",
        "/venues/{venue}/edit",
        ["/venues/{venue}", "/venues/", "/meetings/{meeting}", "/events/{meeting}", "/events"],
        skip=("capacity", "online_url"),
    ),
    "meeting": Surface(
        "assistant",
        "/meetings/{meeting}/edit",
        "/meetings/{meeting}/edit",
        [
            "/meetings/{meeting}",
            "/events/{meeting}",
            "/events",
            "/calendar",
            "/calendar/month?year=2030&month=3",
            "/dashboard",
            "/groups/{slug}",
            "/meetings/{meeting}/agenda",
        ],
        skip=("start_date", "start_time", "end_time", "online_url"),
    ),
    "agenda item": Surface(
        "assistant",
        "/meetings/{meeting}/agenda/items/{item}",
        "/meetings/{meeting}/agenda/items/{item}",
        ["/meetings/{meeting}/agenda", "/meetings/{meeting}", "/events/{meeting}"],
        skip=("duration_minutes",),
    ),
    "new agenda item": Surface(
        "assistant",
        "/meetings/{meeting}/agenda",
        "/meetings/{meeting}/agenda/items",
        ["/meetings/{meeting}/agenda", "/meetings/{meeting}"],
        skip=("duration_minutes",),
    ),
    "minutes": Surface(
        "assistant",
        "/meetings/{held}/minutes/edit",
        "/meetings/{held}/minutes/edit",
        [
            "/meetings/{held}/minutes",
            "/meetings/{held}/minutes/edit",
            "/meetings/{held}/minutes/history",
            "/decisions?group={slug}",
            "/tasks",
            "/meetings/{held}",
        ],
    ),
    "attendance guest": Surface(
        "assistant",
        "/meetings/{held}/minutes/attendance",
        "/meetings/{held}/minutes/attendance/guests",
        ["/meetings/{held}/minutes/attendance", "/meetings/{held}/minutes"],
        skip=("email",),
    ),
    "attendance register": Surface(
        "assistant",
        "/meetings/{held}/minutes/attendance",
        "/meetings/{held}/minutes/attendance",
        ["/meetings/{held}/minutes/attendance", "/meetings/{held}/minutes"],
        prepare=_represented,
    ),
    "invited guest": Surface(
        "assistant",
        "/meetings/{meeting}",
        "/meetings/{meeting}/invitations",
        ["/meetings/{meeting}/invitations/answers", "/meetings/{meeting}"],
        extra={"email": "guest{round}@example.org"},
    ),
    "answer comment": Surface(
        "member",
        "/meetings/{meeting}",
        "/meetings/{meeting}/answer",
        ["/meetings/{meeting}/invitations/answers", "/meetings/{meeting}"],
        extra={"answer": "accepted"},
    ),
    "event registration": Surface(
        "anonymous",
        "/events/{meeting}",
        "/events/{meeting}/register",
        ["/meetings/{meeting}", "/events/{meeting}"],
        extra={"email": "visitor{round}@example.org"},
    ),
    "account": Surface(
        "member",
        "/auth/account",
        "/auth/account",
        [
            "/people/{member}",
            "/groups/{slug}/members",
            "/admin/users",
            "/meetings/{meeting}/invitations/answers",
        ],
        reader="admin",
        skip=("timezone",),
    ),
    "member invitation": Surface(
        "assistant",
        "/groups/{slug}/members",
        "/groups/{slug}/members/invite",
        ["/groups/{slug}/members"],
        extra={"email": "newcomer{round}@example.org"},
    ),
    "cancellation": Surface(
        "assistant",
        "/meetings/{other}/cancel",
        "/meetings/{other}/cancel",
        ["/meetings/{other}", "/events/{other}", "/events"],
    ),
    # Filled by the tests below, in the workflow's order.
    "review comment": Surface(
        "chair",
        "/meetings/{held}/minutes",
        "/meetings/{held}/minutes/comments",
        ["/meetings/{held}/minutes"],
    ),
    "return for changes": Surface(
        "chair",
        "/meetings/{held}/minutes",
        "/meetings/{held}/minutes/return",
        [
            "/meetings/{held}/minutes",
            "/meetings/{held}/minutes/edit",
            "/meetings/{held}/minutes/history",
        ],
    ),
    "correction": Surface(
        "assistant",
        "/meetings/{held}/minutes",
        "/meetings/{held}/minutes/correction",
        ["/meetings/{held}/minutes", "/meetings/{held}/minutes/history"],
    ),
    "follow": Surface(
        "anonymous",
        "/groups/{slug}/follow",
        "/groups/{slug}/follow",
        [],
        reader="anonymous",
        extra={"email": "follower{round}@example.org"},
    ),
    "series": Surface(
        "assistant",
        "/meetings/series/new",
        "/meetings/series/new",
        ["/calendar", "/groups/{slug}"],
        skip=("interval", "count", "online_url"),
        extra={"first_day": "2031-01-{round:02d}", "count": "2"},
    ),
}


def _client(login_as, world: World, role: str):
    return login_as(None if role == "anonymous" else world.people.by_role[role])


def _inert(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    tree = parse(response.get_data(as_text=True))
    assert problems(tree) == [], url
    return text_of(tree)


def _errors(html: str) -> list[str]:
    """The messages of a form sent back (elements whose class names an error)."""
    return [
        " ".join("".join(e.itertext()).split())
        for e in parse(html).iter()
        if isinstance(e.tag, str) and "error" in (e.get("class") or "")
    ]


def send_corpus(surface: Surface, world: World, login_as, max_rounds: int = 1000) -> list[str]:
    """Fill the surface's form with the whole corpus, round by round; check every page
    that shows it. The texts of the pages read, per round."""
    ids = world.ids
    rounds = 1
    round_number = 0
    texts = []
    while round_number < min(rounds, max_rounds):
        ids["other"] = world.others[round_number % len(world.others)].id
        author = _client(login_as, world, surface.author)
        page = author.get(surface.page.format(**ids))
        assert page.status_code == 200, surface.page
        form = find_form(
            page.get_data(as_text=True), surface.action.format(**ids), surface.page.format(**ids)
        )

        def fill(name, limit, textarea, r=round_number):
            nonlocal rounds
            packed = chunks(limit, separator="\n\n" if textarea else " ")
            rounds = max(rounds, len(packed))
            return packed[r % len(packed)]

        data = form_values(form, fill, skip=surface.skip)
        data.update({k: v.format(round=round_number + 1) for k, v in surface.extra.items()})
        if surface.prepare:
            surface.prepare(data)
        response = author.post(form.get("action"), data=data)
        assert response.status_code in (302, 303), (
            surface.action,
            response.status_code,
            _errors(response.get_data(as_text=True)),
        )
        reader = _client(login_as, world, surface.reader)
        text = _inert(reader, response.location)
        for url in surface.shown_on:
            text += _inert(reader, url.format(**ids))
        texts.append(text)
        round_number += 1
    return texts


#: Surfaces that need an earlier step of the workflow (tested below).
IN_WORKFLOW = {"review comment", "return for changes", "correction", "follow"}


@pytest.mark.parametrize("name", sorted(set(SURFACES) - IN_WORKFLOW))
def test_corpus_through_a_form_comes_back_inert(name, world, login_as):
    texts = send_corpus(SURFACES[name], world, login_as)

    # What was typed is shown, as text: the check above looked at pages that hold it.
    assert [MARK in text for text in texts] == [True] * len(texts)


# --- e-mail, calendar files and PDFs ---------------------------------------------------------


def _mail_problems(message: EmailMessage) -> list[str]:
    html = message.get_body(("html",))
    assert html is not None
    return problems(html.get_content())


def _calendar_problems(data: bytes) -> list[str]:
    """What in a calendar file is not plain text: HTML descriptions (X-ALT-DESC, ALTREP),
    attachments or URLs a calendar program would open."""
    calendar = icalendar.Calendar.from_ical(data)
    found = []
    for component in calendar.walk():
        for name, value in component.property_items(recursive=False):
            if name in ("X-ALT-DESC", "ATTACH") or "ALTREP" in getattr(value, "params", {}):
                found.append(f"{component.name} {name}")
            if name in ("URL", "ORGANIZER", "ATTENDEE") and not str(value).lower().startswith(
                ("https://", "http://", "mailto:")
            ):
                found.append(f"{component.name} {name}={value}")
    return found


def _calendar_text(data: bytes) -> str:
    calendar = icalendar.Calendar.from_ical(data)
    return " ".join(
        str(event.get(name, ""))
        for event in calendar.walk("VEVENT")
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION")
    )


def _pdf_problems(data: bytes) -> list[str]:
    """Script or links that run script in a PDF: /JS, /JavaScript, launch actions, an
    /OpenAction or additional actions, javascript: or data: link targets."""
    reader = PdfReader(io.BytesIO(data))
    found = []
    root = reader.trailer["/Root"]
    for key in ("/OpenAction", "/AA"):
        if key in root:
            found.append(f"catalog {key}")
    if "/Names" in root and "/JavaScript" in root["/Names"]:
        found.append("catalog /Names /JavaScript")
    for number, page in enumerate(reader.pages, 1):
        if "/AA" in page:
            found.append(f"page {number} /AA")
        for reference in page.get("/Annots", []):
            annotation = (
                reference.get_object() if isinstance(reference, IndirectObject) else reference
            )
            action = annotation.get("/A")
            if action is None:
                continue
            action = action.get_object()
            kind = action.get("/S")
            if kind in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm") or "/JS" in action:
                found.append(f"page {number} action {kind}")
            uri = str(action.get("/URI", ""))
            if uri and not uri.lower().startswith(("https://", "http://", "mailto:", "#")):
                found.append(f"page {number} link {uri!r}")
    raw = data.replace(b" ", b"")
    for marker in (b"/JavaScript", b"/JS(", b"/JS<", b"/Launch"):
        if marker in raw:
            found.append(f"bytes {marker!r}")
    return found


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _fill_meeting_venue_and_agenda(world: World, login_as) -> None:
    for name in ("meeting", "venue", "agenda item", "group settings"):
        send_corpus(SURFACES[name], world, login_as, max_rounds=1)


def test_corpus_in_the_invitation_mail_and_its_calendar_entry(world, login_as, smtp_server):
    _fill_meeting_venue_and_agenda(world, login_as)
    # The guest's name is a payload too.
    send_corpus(SURFACES["invited guest"], world, login_as, max_rounds=1)
    db.session.commit()

    message = smtp_server.wait_for_recipient("guest1@example.org")
    (entry,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = entry.get_payload(decode=True)

    assert _mail_problems(message) == []
    assert MARK in message.get_body(("plain",)).get_content()
    assert _calendar_problems(calendar) == []
    assert MARK in _calendar_text(calendar)


def test_corpus_in_calendar_downloads_and_feeds(world, login_as):
    _fill_meeting_venue_and_agenda(world, login_as)
    client = login_as(world.people.member)

    for url in (
        f"/meetings/{world.meeting.id}.ics",
        f"/groups/{world.group.slug}/calendar.ics",
        "/events/calendar.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "text/calendar"
        assert _calendar_problems(response.data) == [], url
        assert MARK in _calendar_text(response.data), url


def test_corpus_in_the_agenda_pdf(world, login_as):
    _fill_meeting_venue_and_agenda(world, login_as)

    response = get_document(
        login_as(world.people.assistant), f"/meetings/{world.meeting.id}/agenda.pdf"
    )

    assert response.status_code == 200
    assert _pdf_problems(response.data) == []
    assert MARK in _pdf_text(response.data)


def test_corpus_in_published_minutes_their_mail_and_pdf(world, login_as, smtp_server):
    from meetings.minutes.publishing import publish
    from meetings.minutes.services import current_minutes

    send_corpus(SURFACES["minutes"], world, login_as, max_rounds=1)
    send_corpus(SURFACES["attendance register"], world, login_as, max_rounds=1)
    url = f"/meetings/{world.held.id}/minutes"
    assert login_as(world.people.assistant).post(f"{url}/submit").status_code == 302
    assert login_as(world.people.chair).post(f"{url}/approve").status_code == 302
    publish(current_minutes(world.held), key=None)
    db.session.commit()
    correction = send_corpus(SURFACES["correction"], world, login_as, max_rounds=1)

    message = smtp_server.wait_for_recipient("member@example.org")
    pdf = get_document(login_as(world.people.member), f"{url}.pdf")

    assert _mail_problems(message) == []
    assert pdf.status_code == 200
    assert _pdf_problems(pdf.data) == []
    assert MARK in _pdf_text(pdf.data)
    assert problems(login_as(None).get(url).get_data(as_text=True)) == []
    assert MARK in correction[0]


def test_corpus_in_review_comments_and_a_return_for_changes(world, login_as):
    send_corpus(SURFACES["minutes"], world, login_as, max_rounds=1)
    url = f"/meetings/{world.held.id}/minutes"
    assert login_as(world.people.assistant).post(f"{url}/submit").status_code == 302

    comments = send_corpus(SURFACES["review comment"], world, login_as)
    returned = send_corpus(SURFACES["return for changes"], world, login_as, max_rounds=1)

    assert [MARK in text for text in comments + returned] == [True] * (len(comments) + 1)


def test_corpus_in_the_follow_confirmation_mail(world, login_as, smtp_server):
    send_corpus(SURFACES["follow"], world, login_as, max_rounds=1)
    db.session.commit()

    message = smtp_server.wait_for_recipient("follower1@example.org")

    assert _mail_problems(message) == []
    assert MARK in message.get_body(("plain",)).get_content()
