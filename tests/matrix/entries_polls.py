import datetime as dt

from .framework import Entry, expect, managers, signed_in


def _poll(world):
    """An open poll of the group with two slots, asking its chair, assistant and member."""
    if not hasattr(world, "poll"):
        from meetings.polls.services import PollData, SlotData, create_poll

        start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=20)
        world.poll = create_poll(
            PollData(
                group=world.group,
                title="Termín dubnového jednání",
                closes_at=start - dt.timedelta(days=10),
                slots=[
                    SlotData(start, start + dt.timedelta(hours=2)),
                    SlotData(start + dt.timedelta(days=1), start + dt.timedelta(days=1, hours=2)),
                ],
                action_item=world.action,
            ),
            actor=world.people.assistant,
        )
    return world.poll


def _members_link(world) -> str:
    from meetings.polls.people import answer_token

    poll = _poll(world)
    [member] = [p for p in poll.participants if p.user == world.people.member]
    return f"/polls/answer/{answer_token(member)}"


def _answers(world) -> dict:
    return {f"answer-{o.id}": "yes" for o in _poll(world).options}


def _new_poll(world) -> dict:
    first = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    return {
        "title": "Termín květnového jednání",
        "deadline_day": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
        "deadline_time": "12:00",
        "slots-0-day": first,
        "slots-0-start": "10:00",
        "slots-0-end": "12:00",
    }


#: Members of the group (observers too) see its polls; to others they do not exist.
GROUP_READERS = signed_in(404, observer=200, member=200, assistant=200, chair=200, admin=200)

ENTRIES = [
    Entry(
        "polls.group_polls",
        lambda w: f"/groups/{w.group.slug}/polls",
        GROUP_READERS,
    ),
    Entry(
        "polls.new",
        lambda w: f"/groups/{w.group.slug}/polls/new?action={w.action.id}",
        managers(200, 404),
        note="the group's chair and assistant; the form of another group's poll is private",
    ),
    Entry(
        "polls.new",
        lambda w: f"/groups/{w.group.slug}/polls/new",
        managers(302, 404),
        method="POST",
        data=_new_poll,
    ),
    Entry(
        "polls.detail",
        lambda w: f"/polls/{_poll(w).id}",
        GROUP_READERS,
        note="a poll of another group is as good as missing",
    ),
    Entry(
        "polls.answer",
        lambda w: f"/polls/{_poll(w).id}/answer",
        signed_in(404, observer=403, member=302, assistant=302, chair=302, admin=403),
        method="POST",
        data=_answers,
        note="only those asked (observers and admins outside the group are not)",
    ),
    Entry(
        "polls.answer_by_link",
        _members_link,
        expect(200),
        note="the signed link is the permission: whoever holds it answers for its person",
    ),
    Entry(
        "polls.answer_by_link",
        _members_link,
        expect(302),
        method="POST",
        data=_answers,
    ),
    Entry(
        "polls.close",
        lambda w: f"/polls/{_poll(w).id}/close",
        managers(302, 403, outsider=404),
        method="POST",
        data=lambda w: {"option_id": str(_poll(w).options[0].id)},
    ),
    Entry(
        "polls.export",
        lambda w: f"/polls/{_poll(w).id}/results.csv",
        managers(200, 403, outsider=404),
    ),
]
