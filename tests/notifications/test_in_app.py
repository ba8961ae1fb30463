"""Notifications in the app (issue 13): the bell's count in the header, the list, marking
read, texts in the reader's language, per-kind preferences, and who is told of what."""

from __future__ import annotations

import re

from sqlalchemy import select

from meetings.extensions import db
from meetings.minutes import services as minutes_services
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import ActionItem
from meetings.minutes.publishing import publish
from meetings.notifications import services
from meetings.notifications.kinds import Kind
from meetings.notifications.models import Notification
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import count_queries, translated


def bell(page) -> str | None:
    """The unread count the header shows (None: no count)."""
    found = re.search(r'class="bell-count"[^>]*><span aria-hidden="true">(\d+)</span>', page)
    return found.group(1) if found else None


def checked(page, channel: str) -> list[str]:
    """The kinds whose box in column ``channel`` (in_app, by_mail) is ticked."""
    return re.findall(rf'name="{channel}" value="(\w+)"[^>]*checked>', page)


def unchecked(page, channel: str) -> list[str]:
    return re.findall(rf'name="{channel}" value="(\w+)"[^>]*"\s*>', page)


def texts(page) -> list[str]:
    return [
        " ".join(t.split())
        for t in re.findall(r'class="notification-text" href="[^"]*">([^<]*)</a>', page)
    ]


def _tell(person, n: int = 1, **values):
    for i in range(n):
        services.notify(
            [person],
            Kind.AGENDA_PUBLISHED,
            link="/groups/",
            values={"title": f"Meeting {i + 1}", "group": "Sociální služby"} | values,
        )
    return db.session.scalars(
        select(Notification).where(Notification.user_id == person.id).order_by(Notification.id)
    ).all()


def _mine(person) -> list[Notification]:
    return db.session.scalars(
        select(Notification).where(Notification.user_id == person.id).order_by(Notification.id)
    ).all()


# --- the bell and the list ------------------------------------------------------------------


def test_published_agenda_shows_in_the_bell_and_following_it_marks_it_read(
    people, meeting, login_as
):
    login_as(people.assistant).post(
        f"/meetings/{meeting.id}/agenda/publish", data={"action": "now"}
    )
    member = login_as(people.member)

    before = member.get("/groups/").get_data(as_text=True)
    listing = member.get("/notifications").get_data(as_text=True)
    [notification] = _mine(people.member)
    followed = member.get(f"/notifications/{notification.id}")
    after = member.get("/groups/").get_data(as_text=True)

    assert bell(before) == "1"
    assert texts(listing) == [
        "The agenda of 10. setkání Sociální služby (Sociální služby) has been published."
    ]
    assert (followed.status_code, followed.location) == (302, f"/meetings/{meeting.id}#agenda")
    assert member.get(followed.location.split("#")[0]).status_code == 200
    assert bell(after) is None
    assert notification.read_at is not None


def test_nobody_is_told_of_what_they_did_themselves(people, meeting, login_as):
    login_as(people.assistant).post(
        f"/meetings/{meeting.id}/agenda/publish", data={"action": "now"}
    )

    assert _mine(people.assistant) == []
    assert [len(_mine(p)) for p in (people.chair, people.member, people.observer)] == [1, 1, 1]
    assert _mine(people.outsider) == []


def test_text_is_written_in_the_readers_language_when_shown(people, login_as):
    _tell(people.member, title="10. setkání", group="Sociální služby")
    people.member.locale = "hu"
    db.session.flush()
    hungarian = login_as(people.member).get("/notifications").get_data(as_text=True)
    people.member.locale = "cs"
    db.session.flush()
    czech = login_as(people.member).get("/notifications").get_data(as_text=True)

    expected_hu = translated(
        "hu",
        "The agenda of %(title)s (%(group)s) has been published.",
        title="10. setkání",
        group="Sociální služby",
    )
    assert texts(hungarian) == [expected_hu]
    assert texts(czech) == ["Program jednání 10. setkání (Sociální služby) byl zveřejněn."]
    assert expected_hu != texts(czech)[0]


def test_list_is_newest_first_and_paged(people, login_as):
    _tell(people.member, services.PAGE_SIZE + 2)
    client = login_as(people.member)

    first = client.get("/notifications").get_data(as_text=True)
    second = client.get("/notifications?page=2").get_data(as_text=True)

    assert len(texts(first)) == services.PAGE_SIZE
    assert texts(first)[0].startswith(f"The agenda of Meeting {services.PAGE_SIZE + 2} ")
    assert [t.split(" (")[0] for t in texts(second)] == [
        "The agenda of Meeting 2",
        "The agenda of Meeting 1",
    ]
    assert "Page 2 of 2" in second
    assert bell(first) == str(services.PAGE_SIZE + 2)


def test_mark_one_read_then_all_read(people, login_as):
    first, second, third = _tell(people.member, 3)
    client = login_as(people.member)

    one = client.post(f"/notifications/{second.id}/read")
    after_one = client.get("/notifications").get_data(as_text=True)
    everything = client.post("/notifications/read-all")
    after_all = client.get("/notifications").get_data(as_text=True)

    assert (one.status_code, one.location) == (302, "/notifications")
    assert bell(after_one) == "2"
    assert after_one.count('class="unread"') == 2
    assert (everything.status_code, everything.location) == (302, "/notifications")
    assert bell(after_all) is None
    assert "Nothing unread." in after_all
    assert all(n.read_at is not None for n in (first, second, third))


def test_nobody_opens_or_marks_someone_elses_notification(people, login_as):
    [notification] = _tell(people.member)
    other = login_as(people.observer)

    opened = other.get(f"/notifications/{notification.id}")
    marked = other.post(f"/notifications/{notification.id}/read")
    other.post("/notifications/read-all")
    listing = other.get("/notifications").get_data(as_text=True)

    assert (opened.status_code, marked.status_code) == (404, 404)
    assert texts(listing) == []
    assert notification.read_at is None


def test_the_bell_costs_one_query_however_many_are_unread(people, login_as, app):
    client = login_as(people.member)
    client.get("/groups/")
    with count_queries(app) as none_unread:
        page = client.get("/groups/").get_data(as_text=True)
    assert bell(page) is None
    _tell(people.member, 40)
    with count_queries(app) as many_unread:
        page = client.get("/groups/").get_data(as_text=True)

    assert bell(page) == "40"
    assert many_unread.count == none_unread.count
    assert len([s for s in many_unread.statements if "FROM notifications" in s]) == 1


def test_anonymous_visitors_have_no_bell_and_are_sent_to_sign_in(client, db_session):
    page = client.get("/events").get_data(as_text=True)
    response = client.get("/notifications")

    assert 'class="bell' not in page
    assert (response.status_code, response.location.split("?")[0]) == (302, "/auth/sign-in")


# --- preferences ----------------------------------------------------------------------------


def test_preferences_are_shown_and_saved_on_the_account_page(people, meeting, login_as):
    client = login_as(people.member)
    saved = client.post(
        "/notifications/preferences",
        data={"in_app": ["invitation", "task_assigned"], "by_mail": ["agenda_published"]},
    )
    account = client.get("/auth/account").get_data(as_text=True)
    login_as(people.assistant).post(
        f"/meetings/{meeting.id}/agenda/publish", data={"action": "now"}
    )

    assert (saved.status_code, saved.location) == (302, "/auth/account#notifications")
    assert checked(account, "in_app") == ["invitation", "task_assigned"]
    assert checked(account, "by_mail") == ["agenda_published"]
    assert unchecked(account, "by_mail") == [
        "agenda_review",
        "minutes_submitted",
        "minutes_returned",
        "minutes_approved",
        "joint_proposed",
        "joint_declined",
    ]
    # In-app off for published agendas: no notification (the mail still goes).
    assert _mine(people.member) == []
    assert len(_mine(people.observer)) == 1


def test_unknown_kinds_in_the_preferences_form_are_ignored(people, login_as):
    response = login_as(people.member).post(
        "/notifications/preferences", data={"in_app": ["<script>", "invitation"]}
    )

    prefs = {p.kind: p.in_app for p in services.preferences_of(people.member)}
    assert response.status_code == 302
    assert prefs[Kind.INVITATION] is True
    assert prefs[Kind.TASK_ASSIGNED] is False


# --- who is told of what ---------------------------------------------------------------------


def test_review_requested_and_reviewed_reach_the_chair_and_who_asked(people, meeting, login_as):
    login_as(people.assistant).post(f"/meetings/{meeting.id}/agenda/request-review")
    login_as(people.chair).post(f"/meetings/{meeting.id}/agenda/reviewed")

    [asked] = _mine(people.chair)
    [reviewed] = _mine(people.assistant)
    assert (asked.kind, asked.link) == ("agenda_review", f"/meetings/{meeting.id}/agenda")
    assert (reviewed.kind, reviewed.link) == ("agenda_reviewed", f"/meetings/{meeting.id}/agenda")
    listing = login_as(people.assistant).get("/notifications").get_data(as_text=True)
    assert texts(listing) == [
        "Jana Předsedová has reviewed the agenda of 10. setkání Sociální služby."
    ]


def test_minutes_steps_reach_who_acts_next(people, meeting, login_as):
    # The meeting has been held (in March 2018, as seed 001's).
    meeting.starts_at = factories.local_time("Europe/Prague", 2018, 3, 20, 10)
    meeting.ends_at = factories.local_time("Europe/Prague", 2018, 3, 20, 12)
    meeting.status = MeetingStatus.HELD
    db.session.flush()
    url = f"/meetings/{meeting.id}/minutes"
    minutes = minutes_services.minutes_for(meeting)
    db.session.flush()

    login_as(people.assistant).post(f"{url}/submit")
    login_as(people.member).post(f"{url}/comments", data={"text": "Doplnit Úřad práce."})
    login_as(people.chair).post(f"{url}/return", data={"comment": "Doplňte termín v bodě 6."})
    login_as(people.assistant).post(f"{url}/submit")
    login_as(people.chair).post(f"{url}/approve")

    assert minutes.state == MinutesState.APPROVED
    assert [n.kind for n in _mine(people.chair)] == ["minutes_submitted", "minutes_submitted"]
    assert [n.kind for n in _mine(people.assistant)] == [
        "minutes_commented",
        "minutes_returned",
        "minutes_approved",
    ]
    listing = login_as(people.assistant).get("/notifications").get_data(as_text=True)
    assert texts(listing)[1] == (
        "Jana Předsedová has returned the minutes of 10. setkání Sociální služby for changes: "
        "Doplňte termín v bodě 6."
    )
    assert _mine(people.member) == []
    assert {n.link for n in _mine(people.assistant)} == {url}

    # The publishing job publishes them: everyone of the group hears of it.
    publish(minutes, key=None)

    assert minutes.state == MinutesState.PUBLISHED
    published = [n for n in _mine(people.member) if n.kind == "minutes_published"]
    assert [n.link for n in published] == [f"/meetings/{meeting.id}#minutes"]
    assert [len(_mine(p)) for p in (people.chair, people.assistant, people.observer)] == [3, 4, 1]
    assert _mine(people.outsider) == []


def test_task_assigned_reaches_its_owner_once(people, meeting, login_as):
    action = ActionItem(group_id=meeting.group_id, meeting=meeting, text="Zajistit prostory")
    db.session.add(action)
    db.session.flush()
    from meetings.minutes.signals import task_assigned

    action.owner_id = people.member.id
    task_assigned.send(action, actor=people.assistant)
    task_assigned.send(action, actor=people.member)  # assigned to oneself: nobody told

    [told] = _mine(people.member)
    listing = login_as(people.member).get("/notifications").get_data(as_text=True)
    assert told.link == f"/tasks#task-{action.id}"
    assert texts(listing) == [
        "Eva Asistentová has assigned you a task: Zajistit prostory (10. setkání Sociální služby)"
    ]


def test_scheduling_a_meeting_tells_each_invited_member(people, login_as):
    people.group.contact_email = "socialni@example.org"
    draft = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2030, 3, 19, 10),
        status=MeetingStatus.DRAFT,
        title="11. setkání Sociální služby",
    )

    response = login_as(people.assistant).post(f"/meetings/{draft.id}/schedule")

    assert response.status_code == 302
    assert draft.status == MeetingStatus.SCHEDULED
    assert [(n.kind, n.link) for n in _mine(people.member)] == [
        ("invitation", f"/meetings/{draft.id}")
    ]
    assert _mine(people.outsider) == []
