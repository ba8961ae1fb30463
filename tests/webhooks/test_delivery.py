"""Events reach a real HTTP receiver: signed, once, retried while it fails, and logged."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import select

from meetings.agenda.services import publish_agenda
from meetings.extensions import db
from meetings.minutes.enums import MinutesState
from meetings.minutes.workflow import transition
from meetings.models import AgendaItem, Decision, Minutes
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.workflow import transition_meeting
from meetings.webhooks.delivery import MAX_ATTEMPTS, RETRY_PAUSES
from meetings.webhooks.enums import DeliveryState
from meetings.webhooks.models import WebhookDelivery

from .. import factories
from .conftest import run_worker


def _documented_verify():
    """The ``verify`` of docs/api.md's Python snippet, as a receiver would copy it."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    (snippet,) = re.findall(r"```python\n(.*?)```", text, re.S)
    names: dict = {}
    exec(snippet, names)  # noqa: S102  (our own documentation)
    return names["verify"]


def _verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """The check docs/api.md tells a receiver to make."""
    return _documented_verify()(secret, headers, body)


def _cancel(meeting, actor) -> None:
    transition_meeting(meeting, MeetingStatus.CANCELLED, actor=actor, reason="Nemoc předsedkyně")


def _deliveries(webhook) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook.id)
            .order_by(WebhookDelivery.id)
        ).all()
    )


def test_scheduling_a_meeting_posts_a_signed_event_to_the_receiver(
    people, receiver, login_as, group_webhook
):
    client = login_as(people.assistant)
    client.post(
        f"/groups/{people.group.slug}/webhooks",
        data={"url": receiver.url, "events": ["meeting.scheduled", "meeting.cancelled"]},
    )
    webhook = _only_webhook(people.group)
    draft = factories.make_meeting(people.group, status=MeetingStatus.DRAFT, title="Jednání")

    transition_meeting(draft, MeetingStatus.SCHEDULED, actor=people.assistant)
    db.session.commit()
    report = run_worker()

    assert (report.delivered, len(receiver.requests)) == (1, 1)
    request = receiver.requests[0]
    delivery = _deliveries(webhook)[0]
    assert request.path == "/hooks/meetings"
    assert {
        name: request.headers[name]
        for name in ("Content-Type", "X-Meetings-Event", "X-Meetings-Delivery")
    } == {
        "Content-Type": "application/json",
        "X-Meetings-Event": "meeting.scheduled",
        "X-Meetings-Delivery": str(delivery.id),
    }
    assert _verify(webhook.secret, request.headers, request.body)
    assert not _verify("another secret", request.headers, request.body)
    payload = request.json
    assert (payload["kind"], payload["group"], payload["id"]) == (
        "meeting.scheduled",
        people.group.slug,
        delivery.event_id,
    )
    assert payload["occurred_at"].endswith("Z")
    meeting = payload["data"]["meeting"]
    assert (meeting["id"], meeting["status"], meeting["number"], meeting["title"]) == (
        draft.id,
        "scheduled",
        draft.number,
        draft.title,
    )
    assert (delivery.state, delivery.attempts, delivery.last_status) == (
        DeliveryState.DELIVERED,
        1,
        200,
    )


def _only_webhook(group):
    from meetings.webhooks.services import webhooks_of

    (webhook,) = webhooks_of(group)
    return webhook


def test_a_delivery_is_sent_once_however_often_the_worker_runs(people, receiver, group_webhook):
    group_webhook("meeting.cancelled")
    meeting = factories.make_meeting(people.group)

    transition_meeting(meeting, MeetingStatus.CANCELLED, actor=people.assistant, reason="Nemoc")
    db.session.commit()
    run_worker()
    run_worker()
    run_worker(dt.datetime.now(dt.UTC) + dt.timedelta(days=2))

    assert [r.json["data"]["meeting"]["cancel_reason"] for r in receiver.requests] == ["Nemoc"]


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(people, receiver, group_webhook):
    webhook = group_webhook("meeting.cancelled")
    _cancel(factories.make_meeting(people.group), people.assistant)
    db.session.commit()
    (delivery,) = _deliveries(webhook)
    # Another worker claimed it a moment ago and is sending it.
    now = dt.datetime.now(dt.UTC)
    delivery.next_attempt_at = now + dt.timedelta(seconds=299)
    db.session.commit()

    report = run_worker(now)

    assert (report.delivered, receiver.requests) == (0, [])


def test_only_the_chosen_events_of_the_webhooks_own_groups_are_sent(
    people, receiver, group_webhook
):
    group_webhook("meeting.cancelled")
    other = factories.make_meeting(people.other_group)
    scheduled = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)

    _cancel(other, people.admin)
    transition_meeting(scheduled, MeetingStatus.SCHEDULED, actor=people.assistant)
    db.session.commit()
    run_worker()

    assert receiver.requests == []


def test_an_event_of_a_change_rolled_back_is_never_sent(people, receiver, group_webhook):
    group_webhook("meeting.cancelled")
    db.session.commit()
    meeting = factories.make_meeting(people.group)

    _cancel(meeting, people.assistant)
    db.session.rollback()
    run_worker()

    assert receiver.requests == []


def test_moving_a_meeting_and_publishing_its_agenda_are_events(people, receiver, group_webhook):
    from meetings.scheduling.services import record_move

    group_webhook("meeting.changed", "agenda.published")
    meeting = factories.make_meeting(people.group)
    db.session.add(AgendaItem(meeting=meeting, position=0, title="Zahájení"))
    db.session.flush()

    meeting.starts_at += dt.timedelta(days=1)
    meeting.ends_at += dt.timedelta(days=1)
    record_move(meeting, time_changed=True)
    publish_agenda(meeting, actor=people.assistant)
    db.session.commit()
    run_worker()

    assert [r.json["kind"] for r in receiver.requests] == ["meeting.changed", "agenda.published"]
    agenda = receiver.of_kind("agenda.published")[0].json["data"]["meeting"]["agenda"]
    assert [(item["number"], item["title"]) for item in agenda] == [("1.", "Zahájení")]


def _submitted_minutes(people, decisions: list[str]) -> Minutes:
    meeting = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2026, 3, 20, 10),
        status=MeetingStatus.HELD,
    )
    minutes = Minutes(
        meeting=meeting, state=MinutesState.SUBMITTED, submitted_at=dt.datetime.now(dt.UTC)
    )
    db.session.add(minutes)
    for sequence, text in enumerate(decisions, start=1):
        db.session.add(
            Decision(
                group=people.group,
                meeting=meeting,
                sequence=sequence,
                text=text,
                votes_for=7,
                votes_against=0,
                votes_abstaining=1,
            )
        )
    db.session.flush()
    return minutes


def test_approving_and_publishing_minutes_post_decisions_and_the_minutes(
    people, receiver, group_webhook
):
    webhook = group_webhook("decision.recorded", "minutes.published")
    minutes = _submitted_minutes(people, ["Pracovní skupina obnoví jednání s krajem."])

    transition(minutes, MinutesState.APPROVED, actor=people.chair)
    minutes.pdf_sha256 = "a" * 64  # as the publishing job stores the PDF before this step
    transition(minutes, MinutesState.PUBLISHED, actor=None)
    db.session.commit()
    run_worker()

    assert [r.json["kind"] for r in receiver.requests] == [
        "decision.recorded",
        "minutes.published",
    ]
    assert all(_verify(webhook.secret, r.headers, r.body) for r in receiver.requests)
    decision = receiver.requests[0].json["data"]["decision"]
    assert (decision["label"], decision["text"], decision["votes_for"], decision["adopted"]) == (
        f"{minutes.meeting.number}/1",
        "Pracovní skupina obnoví jednání s krajem.",
        7,
        True,
    )
    published = receiver.requests[1].json["data"]
    assert (published["meeting"]["id"], published["minutes"]["pdf_sha256"]) == (
        minutes.meeting.id,
        "a" * 64,
    )
    assert published["minutes"]["links"]["pdf"].endswith(
        f"/meetings/{minutes.meeting.id}/minutes.pdf?edition=1"
    )


def test_a_receiver_answering_500_gets_the_delivery_again_on_the_retry(
    people, receiver, group_webhook
):
    webhook = group_webhook("meeting.cancelled")
    receiver.statuses = [500]
    _cancel(factories.make_meeting(people.group), people.assistant)
    db.session.commit()
    now = dt.datetime.now(dt.UTC)

    first = run_worker(now)
    (delivery,) = _deliveries(webhook)
    after_first = (delivery.state, delivery.attempts, delivery.last_status, delivery.last_error)
    too_early = run_worker(now + dt.timedelta(seconds=30))
    retried = run_worker(now + RETRY_PAUSES[0])

    assert (first.retrying, too_early.delivered, retried.delivered) == (1, 0, 1)
    assert after_first == (DeliveryState.PENDING, 1, 500, "HTTP 500 Internal Server Error")
    db.session.refresh(delivery)
    assert (delivery.state, delivery.attempts, delivery.last_status, delivery.last_error) == (
        DeliveryState.DELIVERED,
        2,
        200,
        None,
    )
    first_request, second_request = receiver.requests
    assert first_request.body == second_request.body
    assert (
        first_request.headers["X-Meetings-Delivery"],
        second_request.headers["X-Meetings-Delivery"],
    ) == (str(delivery.id), str(delivery.id))
    assert _verify(webhook.secret, second_request.headers, second_request.body)


def _closed_port() -> int:
    from ..conftest import free_port

    return free_port()  # bound and released: nothing listens there


def test_an_unreachable_address_fails_after_the_last_attempt_and_shows_in_the_log(
    people, group_webhook, login_as
):
    webhook = group_webhook("meeting.cancelled", url=f"http://127.0.0.1:{_closed_port()}/hook")
    _cancel(factories.make_meeting(people.group), people.assistant)
    db.session.commit()
    now = dt.datetime.now(dt.UTC)

    states = []
    for pause in (dt.timedelta(0), *RETRY_PAUSES):
        now += pause
        run_worker(now)
        (delivery,) = _deliveries(webhook)
        db.session.refresh(delivery)
        states.append(delivery.state)

    assert states == [DeliveryState.PENDING] * (MAX_ATTEMPTS - 1) + [DeliveryState.FAILED]
    assert (delivery.attempts, delivery.last_status, delivery.next_attempt_at) == (6, None, None)
    assert delivery.last_error.startswith("ConnectionError")
    page = login_as(people.assistant).get(f"/webhooks/{webhook.id}").get_data(as_text=True)
    assert "Failed" in page
    assert "ConnectionError" in page
    assert f"/webhooks/deliveries/{delivery.id}/retry" in page


def test_retry_now_sends_a_failed_delivery_again(people, receiver, group_webhook, login_as):
    webhook = group_webhook("meeting.cancelled")
    _cancel(factories.make_meeting(people.group), people.assistant)
    db.session.flush()
    (delivery,) = _deliveries(webhook)
    delivery.state, delivery.attempts, delivery.next_attempt_at = DeliveryState.FAILED, 6, None
    db.session.commit()

    response = login_as(people.chair).post(f"/webhooks/deliveries/{delivery.id}/retry")
    run_worker()

    assert response.status_code == 302
    db.session.refresh(delivery)
    assert (delivery.state, delivery.attempts, len(receiver.requests)) == (
        DeliveryState.DELIVERED,
        7,
        1,
    )


def test_the_test_button_sends_a_ping(people, receiver, group_webhook, login_as):
    webhook = group_webhook("meeting.cancelled")
    db.session.commit()

    login_as(people.assistant).post(f"/webhooks/{webhook.id}/test")
    run_worker()

    (request,) = receiver.requests
    assert (request.headers["X-Meetings-Event"], request.json["data"]["webhook"]["id"]) == (
        "ping",
        webhook.id,
    )
    assert _verify(webhook.secret, request.headers, request.body)


def test_a_new_secret_signs_the_next_deliveries(people, receiver, group_webhook, login_as):
    webhook = group_webhook("meeting.cancelled")
    old = webhook.secret
    db.session.commit()

    login_as(people.assistant).post(f"/webhooks/{webhook.id}/secret")
    login_as(people.assistant).post(f"/webhooks/{webhook.id}/test")
    run_worker()

    db.session.refresh(webhook)
    (request,) = receiver.requests
    assert webhook.secret != old
    assert (
        _verify(webhook.secret, request.headers, request.body),
        _verify(old, request.headers, request.body),
    ) == (True, False)


def test_an_inactive_webhook_gets_no_events(people, receiver, group_webhook, login_as):
    webhook = group_webhook("meeting.cancelled")
    db.session.commit()
    login_as(people.assistant).post(
        f"/webhooks/{webhook.id}", data={"url": receiver.url, "events": ["meeting.cancelled"]}
    )

    _cancel(factories.make_meeting(people.group), people.assistant)
    db.session.commit()
    run_worker()

    assert (webhook.active, receiver.requests) == (False, [])


def test_an_installation_wide_webhook_hears_every_group(people, receiver, group_webhook):
    group_webhook("meeting.cancelled", site=True, actor=people.admin)
    one = factories.make_meeting(people.group)
    other = factories.make_meeting(people.other_group)

    _cancel(one, people.admin)
    _cancel(other, people.admin)
    db.session.commit()
    run_worker()

    assert sorted(r.json["group"] for r in receiver.requests) == sorted(
        [people.group.slug, people.other_group.slug]
    )


def test_a_redirect_is_not_followed_but_retried_later(people, receiver, group_webhook):
    webhook = group_webhook("meeting.cancelled")
    receiver.statuses = [302]
    _cancel(factories.make_meeting(people.group), people.assistant)
    db.session.commit()

    report = run_worker()

    (delivery,) = _deliveries(webhook)
    assert (report.retrying, len(receiver.requests)) == (1, 1)
    assert (delivery.state, delivery.last_status, delivery.last_error) == (
        DeliveryState.PENDING,
        302,
        "HTTP 302 Found",
    )
