"""Answers: from the signed links in the e-mail (no sign-in) and on the meeting page; the
assistant's answer table."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.i18n import force_locale
from meetings.invitations.enums import Rsvp
from meetings.invitations.invitees import ANSWER_ACTIONS, answer_token, invitation_for
from meetings.invitations.services import renew_answer_links
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import translated
from .conftest import by_recipient, html_body, text_body


@pytest.fixture
def published(setting, smtp_server, login_as):
    """The meeting scheduled by the assistant and its two invitations delivered (the
    assistant organises it)."""
    login_as(setting.assistant).post(f"/meetings/{setting.meeting.id}/schedule")
    setting.messages = by_recipient(smtp_server.wait_for(2))
    login_as(None)
    return setting


def _links(message) -> dict[str, str]:
    """English answer label ("Accept") → path of the link, as the plain-text body lists
    them in the recipient's language (Czech or Hungarian here)."""
    english_for = {}
    for language in ("cs", "hu", "en"):
        with force_locale(language):
            english_for.update({str(label): a for a, label in ANSWER_ACTIONS.items()})
    with force_locale("en"):
        english = {answer: str(label) for answer, label in ANSWER_ACTIONS.items()}
    lines = text_body(message).splitlines()
    found = [
        re.fullmatch(r"(.+?): http://meetings\.test(/invitations/\S+)", line) for line in lines
    ]
    return {
        english[english_for[match[1]]]: match[2]
        for match in found
        if match and match[1] in english_for
    }


def _invitation(setting, person):
    return invitation_for(person, setting.meeting)


def test_answer_link_records_answer_without_sign_in(published, client):
    link = _links(published.messages[published.chair.email])["Accept"]

    page = client.get(link)
    answered = client.post(link, data={"answer": "accepted", "comment": "Přijdu, ale až v 10:30."})

    assert page.status_code == 200
    assert re.findall(r'<input (checked )?id="answer-\d"[^>]* value="(\w+)"', page.text) == [
        ("checked ", "accepted"),
        ("", "tentative"),
        ("", "declined"),
    ]
    assert answered.status_code == 302
    invitation = _invitation(published, published.chair)
    assert (invitation.rsvp, invitation.rsvp_comment) == (
        Rsvp.ACCEPTED,
        "Přijdu, ale až v 10:30.",
    )
    assert invitation.responded_at is not None


def test_answer_link_opened_changes_nothing_until_sent(published, client):
    """Link checkers and mail scanners open links: only the POST records."""
    link = _links(published.messages[published.chair.email])["Decline"]

    client.get(link)

    assert _invitation(published, published.chair).rsvp == Rsvp.NEEDS_ACTION


def test_answer_link_twice_keeps_the_last_answer(published, client):
    links = _links(published.messages[published.member.email])

    client.post(links["Accept"], data={"answer": "accepted"})
    client.post(links["Decline"], data={"answer": "declined", "comment": "Nemohu."})

    invitation = _invitation(published, published.member)
    assert (invitation.rsvp, invitation.rsvp_comment) == (Rsvp.DECLINED, "Nemohu.")


def test_answer_link_tampered_is_refused(published, client):
    link = _links(published.messages[published.chair.email])["Accept"]
    tampered = link[:-3] + ("xyz" if not link.endswith("xyz") else "abc")

    got = client.get(tampered)
    posted = client.post(tampered, data={"answer": "accepted"})

    assert (got.status_code, posted.status_code) == (404, 404)
    assert "This link is not valid" in got.text
    assert _invitation(published, published.chair).rsvp == Rsvp.NEEDS_ACTION


def test_answer_link_for_another_invitation_id_is_refused(published, client):
    """The signature covers the id: a link cannot be pointed at someone else's invitation."""
    mine = _invitation(published, published.member)
    other = _invitation(published, published.chair)
    token = answer_token(mine, Rsvp.ACCEPTED)
    payload, _, signature = token.rpartition(".")
    forged = answer_token(other, Rsvp.ACCEPTED).rpartition(".")[0] + "." + signature

    assert client.get(f"/invitations/{forged}").status_code == 404
    assert client.get(f"/invitations/{payload}.{signature}").status_code == 200


def test_answer_link_after_meeting_passed_is_refused(published, client):
    link = _links(published.messages[published.chair.email])["Accept"]
    published.meeting.starts_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    published.meeting.ends_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    db.session.flush()

    response = client.post(link, data={"answer": "accepted"})

    assert response.status_code == 410
    assert "This meeting has passed" in response.text
    assert _invitation(published, published.chair).rsvp == Rsvp.NEEDS_ACTION


def test_answer_link_of_cancelled_meeting_is_refused(published, client):
    link = _links(published.messages[published.chair.email])["Accept"]
    published.meeting.status = MeetingStatus.CANCELLED
    published.meeting.cancel_reason = "Nemoc."
    db.session.flush()

    response = client.get(link)

    assert response.status_code == 410
    assert "This meeting has been cancelled" in response.text


def test_answer_link_revoked_by_new_links_is_refused_and_new_link_works(
    published, client, smtp_server
):
    old = _links(published.messages[published.member.email])["Accept"]

    renew_answer_links(_invitation(published, published.member))
    db.session.commit()
    [again] = smtp_server.wait_for(3)[2:]
    new = _links(again)["Accept"]

    refused = client.post(old, data={"answer": "accepted"})
    accepted = client.post(new, data={"answer": "accepted"})

    assert refused.status_code == 410
    assert "This link no longer works" in refused.text
    assert accepted.status_code == 302
    assert _invitation(published, published.member).rsvp == Rsvp.ACCEPTED


def test_answer_links_in_html_body_are_the_same_as_in_text(published):
    message = published.messages[published.chair.email]

    html_links = set(
        re.findall(r'href="http://meetings\.test(/invitations/[^"]+)"', html_body(message))
    )

    assert html_links == set(_links(message).values())
    assert len(html_links) == 3


def test_member_answers_on_meeting_page_and_answering_again_keeps_the_last(published, login_as):
    client = login_as(published.member)

    client.post(f"/meetings/{published.meeting.id}/answer", data={"answer": "tentative"})
    response = client.post(
        f"/meetings/{published.meeting.id}/answer",
        data={"answer": "accepted", "comment": "Budu tam."},
    )
    page = client.get(f"/meetings/{published.meeting.id}").text

    assert response.status_code == 302
    invitation = _invitation(published, published.member)
    assert (invitation.rsvp, invitation.rsvp_comment) == (Rsvp.ACCEPTED, "Budu tam.")
    assert 'value="accepted"' in page and 'aria-pressed="true"' in page


def test_observer_gets_no_answer_buttons_but_may_answer_own_invitation_by_link(
    setting, smtp_server, login_as, client
):
    observer = factories.make_user("olga@example.org", "Olga Pozorovatelka")
    factories.add_member(observer, setting.group, Role.OBSERVER)
    login_as(setting.assistant).post(f"/meetings/{setting.meeting.id}/schedule")
    message = by_recipient(smtp_server.wait_for(3))[observer.email]

    client = login_as(observer)
    page = client.get(f"/meetings/{setting.meeting.id}").text
    refused = client.post(f"/meetings/{setting.meeting.id}/answer", data={"answer": "accepted"})
    by_link = client.post(_links(message)["Accept"], data={"answer": "accepted"})

    assert 'name="answer"' not in page
    assert "Please answer with the links in your invitation e-mail." in page
    assert refused.status_code == 403
    assert by_link.status_code == 302
    assert invitation_for(observer, setting.meeting).rsvp == Rsvp.ACCEPTED


def test_assistant_sees_answer_counts_and_names_with_comments(published, login_as, client):
    client.post(
        _links(published.messages[published.member.email])["Decline"],
        data={"answer": "declined", "comment": "Dovolená; zastoupí mě kolegyně."},
    )
    client.post(
        _links(published.messages[published.chair.email])["Accept"], data={"answer": "accepted"}
    )

    assistant = login_as(published.assistant)
    fragment = assistant.get(f"/meetings/{published.meeting.id}/invitations/answers")
    page = assistant.get(f"/meetings/{published.meeting.id}").text

    assert fragment.status_code == 200
    assert fragment.headers["Cache-Control"] == "private, no-store"
    text = fragment.text
    # The assistant works in Czech; she organises the meeting and counts as accepted.
    assert translated("cs", "Accepted") + ": 2" in text
    assert translated("cs", "Declined") + ": 1" in text
    assert translated("cs", "No answer yet") + ": 0" in text
    assert translated("cs", "organiser") in text
    assert "Kovács Péter" in text and "Dovolená; zastoupí mě kolegyně." in text
    assert f'data-answers-url="/meetings/{published.meeting.id}/invitations/answers"' in page
    assert "js/answers.js" in page
    assert text.strip() in page  # the page shows the same table without JavaScript


def test_member_does_not_see_the_answer_table(published, login_as):
    page = login_as(published.member).get(f"/meetings/{published.meeting.id}").text

    assert "data-answers-url" not in page
    assert translated("hu", "Invitees and their answers") not in page
    assert translated("hu", "You have not answered yet.") in page
