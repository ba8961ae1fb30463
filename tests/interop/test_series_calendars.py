"""A meeting series as calendar programs see it: the invitations each person gets and the
group's feed, expanded by real parsers to exactly the meetings the app shows.

The series is a monthly one of four meetings (second Tuesdays, 10:00–12:00 local time)
across a change of daylight saving time: Europe/Prague from March (winter, then three
summer meetings) and Europe/Riga from October (summer, then three winter meetings, into
the next year) for every step; Europe/Lisbon (October on) for the invitation and the feed,
where vobject falls short (see the Lisbon tests at the end). The series starts on the
first of the month, as the series form offers, so its first meeting is not on its first
day. Its group has a chair, an assistant (who creates the series and organises it: she
gets no mail) and two members.

Expanders (each reads the whole text, with its VTIMEZONEs):

- ical.js (Thunderbird) through tests/js/expand_ics.mjs: the master's iterator, which
  honours EXDATE, with the RECURRENCE-ID instances of its UID related to it, one Node
  process per test;
- recurring-ical-events on icalendar;
- vobject, which expands only the master (``getrruleset``: RRULE and EXDATE); it knows
  nothing of RECURRENCE-ID instances, so ``vobject_expand`` puts each instance in place
  of the instant its RECURRENCE-ID names, by hand, as a client does.

What an invitee's calendar holds is followed message by message (``ClientCopy``): a
REQUEST with the master replaces the whole object, a REQUEST of instances replaces those
instances, a CANCEL of an instance removes it and excludes its instant, a CANCEL of the
master removes the object (RFC 5546 §3.2.2, §3.2.5; what Thunderbird does).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
import vobject.icalendar
from icalendar import Calendar
from sqlalchemy import func, select

from meetings.calendar.objects import VISIBLE
from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.mail.models import OutgoingMessage
from meetings.models import Meeting
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.recurrence import SeriesFrequency, build_rule
from meetings.scheduling.series import (
    Scope,
    SeriesChange,
    SeriesData,
    cancel_series,
    change_series,
    create_series,
)
from meetings.scheduling.services import MeetingData, update_meeting
from meetings.scheduling.workflow import transition_meeting

from .. import factories

EXPAND = Path(__file__).resolve().parent.parent / "js" / "expand_ics.mjs"
UTC = dt.UTC
#: (uid, RECURRENCE-ID, start, end, summary, status): UTC instants as ical.js writes them.
Occurrence = tuple[str, str | None, str, str, str, str]

#: Zone → language, group, first month of the series (its year is next year).
CASES = {
    "Europe/Prague": (Language.CS, "Sociální služby", 3),
    "Europe/Riga": (Language.LV, "Sociālie pakalpojumi", 10),
    "Europe/Lisbon": (Language.EN, "Social services", 10),
}


def _utc(moment: dt.datetime) -> str:
    """An instant as ical.js's toISOString() writes it."""
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%S}.000Z"


# --- the app's side ----------------------------------------------------------------------


@dataclass
class Setting:
    group: object
    assistant: object
    invitees: list
    series: object
    meetings: list[Meeting]
    zone: str

    @property
    def addresses(self) -> list[str]:
        return sorted(p.email for p in self.invitees)


def expected(setting: Setting) -> list[Occurrence]:
    """The series' meetings the app shows (scheduled or held), as occurrences."""
    shown = sorted(
        (m for m in setting.series.meetings if m.status in VISIBLE), key=lambda m: m.starts_at
    )
    uid = setting.series.uid
    return [
        (uid, _utc(m.recurrence_at), _utc(m.starts_at), _utc(m.ends_at), m.title, "CONFIRMED")
        for m in shown
    ]


def make_setting(zone: str) -> Setting:
    """The four-meeting series, scheduled: every invitee has been sent it."""
    language, name, month = CASES[zone]
    slug = zone.split("/")[1].lower()
    group = factories.make_group(
        name,
        slug=f"series-{slug}",
        language=language,
        timezone=zone,
        is_public=True,
        contact_email=f"wg-{slug}@example.org",
    )
    chair = factories.make_user(f"chair-{slug}@example.org", "Jana Předsedová")
    assistant = factories.make_user(f"assistant-{slug}@example.org", "Eva Asistentová")
    first = factories.make_user(f"member1-{slug}@example.org", "Petr Člen")
    second = factories.make_user(f"member2-{slug}@example.org", "Kovács Péter", locale="hu")
    factories.add_member(chair, group, Role.CHAIR)
    factories.add_member(assistant, group, Role.ASSISTANT)
    factories.add_member(first, group, Role.MEMBER)
    factories.add_member(second, group, Role.MEMBER)
    series, meetings = create_series(
        SeriesData(
            group=group,
            rule=build_rule(SeriesFrequency.MONTHLY, 1, ordinal=2, count=4),
            first_day=dt.date(dt.date.today().year + 1, month, 1),
            start_time=dt.time(10),
            duration_minutes=120,
        ),
        actor=assistant,
    )
    db.session.flush()
    return Setting(group, assistant, [chair, first, second], series, meetings, zone)


@pytest.fixture(params=["Europe/Prague", "Europe/Riga"])
def setting(request, db_session) -> Setting:
    return make_setting(request.param)


@pytest.fixture
def lisbon(db_session) -> Setting:
    return make_setting("Europe/Lisbon")


def _last_message_id() -> int:
    return db.session.scalar(select(func.coalesce(func.max(OutgoingMessage.id), 0)))


@dataclass
class Sent:
    recipient: str
    method: str
    calendar: Calendar
    raw: bytes


def sent_since(mark: int) -> list[Sent]:
    """The invitations queued after message ``mark``, in order: the inline calendar of
    each, with the METHOD of its Content-Type."""
    rows = db.session.scalars(
        select(OutgoingMessage).where(OutgoingMessage.id > mark).order_by(OutgoingMessage.id)
    ).all()
    result = []
    for row in rows:
        message = message_from_bytes(row.raw, policy=policy.default)
        [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        raw = part.get_payload(decode=True)
        result.append(Sent(row.recipient, part.get_param("method"), Calendar.from_ical(raw), raw))
    return result


def one_each(setting: Setting, mark: int) -> dict[str, Sent]:
    """The messages since ``mark``: exactly one for each invitee (none for the assistant)."""
    sent = sent_since(mark)
    assert sorted(s.recipient for s in sent) == setting.addresses
    return {s.recipient: s for s in sent}


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def masters(calendar: Calendar) -> list:
    return [e for e in events(calendar) if "RECURRENCE-ID" not in e]


def instances(calendar: Calendar) -> dict[str, object]:
    """The RECURRENCE-ID instances by their RECURRENCE-ID (UTC, as ical.js writes it)."""
    return {_utc(e["RECURRENCE-ID"].dt): e for e in events(calendar) if "RECURRENCE-ID" in e}


def exdates(master) -> list[str]:
    values = master.get("EXDATE", [])
    values = values if isinstance(values, list) else [values]
    return sorted(_utc(d.dt) for value in values for d in value.dts)


# --- what a calendar program keeps ---------------------------------------------------------


@dataclass
class ClientCopy:
    """One person's calendar: the objects their client holds after applying each message."""

    timezones: dict[str, object] = field(default_factory=dict)
    #: (UID, RECURRENCE-ID in UTC or None) → VEVENT.
    entries: dict[tuple[str, str | None], object] = field(default_factory=dict)

    def apply(self, sent: Sent) -> None:
        for timezone in sent.calendar.walk("VTIMEZONE"):
            self.timezones[str(timezone["TZID"])] = timezone
        method = str(sent.calendar["METHOD"])
        assert method == sent.method
        for uid in {str(e["UID"]) for e in events(sent.calendar)}:
            mine = [e for e in events(sent.calendar) if str(e["UID"]) == uid]
            whole = any("RECURRENCE-ID" not in e for e in mine)
            if whole:
                self.entries = {k: v for k, v in self.entries.items() if k[0] != uid}
            for event in mine:
                key = (uid, _utc(event["RECURRENCE-ID"].dt) if "RECURRENCE-ID" in event else None)
                if method == "REQUEST":
                    self.entries[key] = event
                elif method == "CANCEL" and key[1] is not None:
                    self.entries.pop(key, None)
                    self.entries[(uid, None)].add("EXDATE", event["RECURRENCE-ID"].dt)
                elif method != "CANCEL":
                    raise AssertionError(f"unexpected METHOD:{method}")

    def ics(self) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", "-//tests//client copy//EN")
        calendar.add("version", "2.0")
        for timezone in self.timezones.values():
            calendar.add_component(timezone)
        for event in self.entries.values():
            calendar.add_component(event)
        return calendar.to_ical()

    @property
    def uids(self) -> set[str]:
        return {uid for uid, _recurrence in self.entries}


# --- the expanders -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def icaljs_expand() -> Callable[[list[bytes]], list[list[Occurrence]]]:
    """.ics texts → each one's occurrences as ical.js expands them (one Node process)."""
    node = shutil.which("node")
    assert node, "Node.js is needed for the ical.js interoperability tests"
    assert (EXPAND.parent / "node_modules" / "ical.js" / "package.json").exists(), (
        "run `npm ci --prefix tests/js` (or the icaljs fixture) first"
    )

    def expand(texts: list[bytes]) -> list[list[Occurrence]]:
        done = subprocess.run(
            [node, str(EXPAND)],
            input=json.dumps([t.decode() for t in texts]).encode(),
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        return [
            [
                (
                    o["uid"],
                    o["recurrence_id_utc"],
                    o["start_utc"],
                    o["end_utc"],
                    o["summary"],
                    o["status"],
                )
                for o in read
            ]
            for read in json.loads(done.stdout)
        ]

    return expand


def rie_expand(text: bytes) -> list[Occurrence]:
    """recurring-ical-events: every occurrence of the file."""
    found = recurring_ical_events.of(Calendar.from_ical(text)).between(
        dt.datetime(2000, 1, 1, tzinfo=UTC), dt.datetime(2100, 1, 1, tzinfo=UTC)
    )
    result = [
        (
            str(e["UID"]),
            _utc(e["RECURRENCE-ID"].dt) if "RECURRENCE-ID" in e else None,
            _utc(e["DTSTART"].dt),
            _utc(e["DTEND"].dt),
            str(e["SUMMARY"]),
            str(e["STATUS"]),
        )
        for e in found
    ]
    return sorted(result, key=lambda o: o[2])


def _read_with_vobject(text: bytes):
    """As a fresh process's vobject reads it (see test_timezones._read_with_vobject)."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    registry.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    return vobject.readOne(text.decode())


def vobject_expand(text: bytes) -> list[Occurrence]:
    """vobject: the master's rule set (RRULE minus EXDATE); the instances put in place of
    the instants their RECURRENCE-ID names by hand, since vobject does not apply them."""
    calendar = _read_with_vobject(text)
    result = []
    by_uid: dict[str, list] = {}
    for event in calendar.vevent_list:
        by_uid.setdefault(event.uid.value, []).append(event)
    for uid, components in by_uid.items():
        overrides = {
            _utc(e.recurrence_id.value): e for e in components if hasattr(e, "recurrence_id")
        }
        [master] = [e for e in components if not hasattr(e, "recurrence_id")]
        length = master.dtend.value - master.dtstart.value
        for start in master.getrruleset(addRDate=True):
            key = _utc(start)
            entry = overrides.get(key)
            if entry is None:
                result.append(
                    (uid, key, key, _utc(start + length), master.summary.value, master.status.value)
                )
            else:
                result.append(
                    (
                        uid,
                        key,
                        _utc(entry.dtstart.value),
                        _utc(entry.dtend.value),
                        entry.summary.value,
                        entry.status.value,
                    )
                )
    return sorted(result, key=lambda o: o[2])


def read_by_all(icaljs_expand, texts: list[bytes]) -> list[dict[str, list[Occurrence]]]:
    """Each text as the three expanders read it (ical.js in one process for all)."""
    by_icaljs = icaljs_expand(texts)
    return [
        {"ical.js": js, "recurring-ical-events": rie_expand(t), "vobject": vobject_expand(t)}
        for t, js in zip(texts, by_icaljs, strict=True)
    ]


def as_all(occurrences: list[Occurrence]) -> dict[str, list[Occurrence]]:
    return {name: occurrences for name in ("ical.js", "recurring-ical-events", "vobject")}


# --- the steps, as the views call them ---------------------------------------------------------


def _zone(setting: Setting) -> ZoneInfo:
    return ZoneInfo(setting.zone)


def move(setting: Setting, meeting: Meeting, days: int, hour: int) -> None:
    """Change "this meeting only": ``days`` later at ``hour`` local time, same length."""
    local = meeting.starts_at.astimezone(_zone(setting))
    starts = dt.datetime.combine(
        local.date() + dt.timedelta(days=days), dt.time(hour), tzinfo=_zone(setting)
    )
    update_meeting(
        meeting,
        MeetingData(
            group=meeting.group,
            title=meeting.title,
            kind=meeting.kind,
            starts_at=starts,
            ends_at=starts + (meeting.ends_at - meeting.starts_at),
            timezone=meeting.timezone,
            extra_groups=list(meeting.extra_groups),
            venue=meeting.venue,
            room=meeting.room,
            online_url=meeting.online_url,
            organiser=meeting.organiser,
            description=meeting.description,
            is_public=meeting.is_public,
        ),
        actor=setting.assistant,
    )
    db.session.flush()


def cancel_one(setting: Setting, meeting: Meeting) -> None:
    transition_meeting(
        meeting, MeetingStatus.CANCELLED, actor=setting.assistant, reason="Státní svátek."
    )
    db.session.flush()


def cancel_following(setting: Setting, meeting: Meeting) -> None:
    cancel_series(meeting, Scope.FOLLOWING, actor=setting.assistant, reason="Projekt končí dříve.")
    db.session.flush()


def whole_series_at_nine(setting: Setting) -> None:
    """Change "the whole series": 09:00–11:00 from now on, same place."""
    change_series(
        setting.meetings[0],
        SeriesChange(
            start_time=dt.time(9),
            end_time=dt.time(11),
            ends_next_day=False,
            venue=None,
            room=None,
            online_url=None,
        ),
        Scope.ALL,
        actor=setting.assistant,
    )
    db.session.flush()


# --- the tests -------------------------------------------------------------------------------


def test_series_invitation_is_one_request_per_invitee_expanding_to_the_four_meetings(
    setting, icaljs_expand
):
    sent = one_each(setting, 0)
    meetings = expected(setting)

    texts = []
    for message in sent.values():
        [master] = masters(message.calendar)
        assert (message.method, str(message.calendar["METHOD"])) == ("REQUEST", "REQUEST")
        assert str(master["UID"]) == setting.series.uid
        assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;COUNT=4;BYDAY=+2TU"
        assert exdates(master) == []
        assert sorted(instances(message.calendar)) == [m[1] for m in meetings]
        texts.append(message.raw)

    assert len(meetings) == 4
    assert read_by_all(icaljs_expand, texts) == [as_all(meetings)] * 3
    # 10:00 local on both sides of the change of daylight saving time.
    local = [m.starts_at.astimezone(_zone(setting)) for m in setting.meetings]
    assert [f"{t:%a %H:%M}" for t in local] == ["Tue 10:00"] * 4
    assert [m[2][11:13] for m in meetings] == {
        "Europe/Prague": ["09", "08", "08", "08"],  # March in CET, then CEST
        "Europe/Riga": ["07", "08", "08", "08"],  # October in EEST, then EET
    }[setting.zone]


def test_series_moved_occurrence_is_one_instance_update_applied_on_the_series(
    setting, icaljs_expand
):
    """The third meeting a day later at 13:00: one REQUEST with just its instance."""
    first = one_each(setting, 0)
    third = setting.meetings[2]
    original = _utc(third.recurrence_at)
    mark = _last_message_id()

    move(setting, third, days=1, hour=13)
    updates = one_each(setting, mark)

    copies = []
    for address, message in updates.items():
        [event] = events(message.calendar)
        had = instances(first[address].calendar)[original]["SEQUENCE"]
        assert message.method == "REQUEST"
        assert (
            str(event["UID"]),
            _utc(event["RECURRENCE-ID"].dt),
            _utc(event["DTSTART"].dt),
            _utc(event["DTEND"].dt),
        ) == (setting.series.uid, original, _utc(third.starts_at), _utc(third.ends_at))
        assert (had, event["SEQUENCE"]) == (0, 1)
        copy = ClientCopy()
        copy.apply(first[address])
        copy.apply(message)
        copies.append(copy.ics())

    meetings = expected(setting)
    assert third.starts_at.astimezone(_zone(setting)).strftime("%a %H:%M") == "Wed 13:00"
    assert [m[2] for m in meetings] == [_utc(m.starts_at) for m in setting.meetings]
    assert read_by_all(icaljs_expand, copies) == [as_all(meetings)] * 3


def test_series_cancel_this_and_following_resends_the_series_ending_before_it(
    setting, icaljs_expand
):
    first = one_each(setting, 0)
    second, third = setting.meetings[1:3]
    mark = _last_message_id()

    cancel_following(setting, third)
    resent = one_each(setting, mark)

    meetings = expected(setting)
    texts = []
    for address, message in resent.items():
        [master] = masters(message.calendar)
        [until] = master["RRULE"]["UNTIL"]
        [before] = masters(first[address].calendar)
        assert message.method == "REQUEST"
        assert "COUNT" not in master["RRULE"]
        assert second.recurrence_at < until < third.recurrence_at
        assert (before["SEQUENCE"], master["SEQUENCE"]) == (0, 1)
        assert sorted(instances(message.calendar)) == [m[1] for m in meetings]
        copy = ClientCopy()
        copy.apply(first[address])
        copy.apply(message)
        texts += [message.raw, copy.ics()]

    assert [m.status for m in setting.meetings] == [
        MeetingStatus.SCHEDULED,
        MeetingStatus.SCHEDULED,
        MeetingStatus.CANCELLED,
        MeetingStatus.CANCELLED,
    ]
    assert [m[2] for m in meetings] == [_utc(m.starts_at) for m in setting.meetings[:2]]
    assert read_by_all(icaljs_expand, texts) == [as_all(meetings)] * 6


def test_series_cancelled_occurrence_is_one_cancel_then_an_exdate_of_the_series(
    setting, icaljs_expand
):
    first = one_each(setting, 0)
    second = setting.meetings[1]
    copies = {address: ClientCopy() for address in first}
    for address, message in first.items():
        copies[address].apply(message)
    mark = _last_message_id()

    cancel_one(setting, second)
    cancellations = one_each(setting, mark)
    after_cancel = expected(setting)
    rule_instants_then = [_utc(m.recurrence_at) for m in setting.meetings if m is not second]

    texts = []
    for address, message in cancellations.items():
        [event] = events(message.calendar)
        assert (message.method, str(event["STATUS"])) == ("CANCEL", "CANCELLED")
        assert (str(event["UID"]), _utc(event["RECURRENCE-ID"].dt)) == (
            setting.series.uid,
            _utc(second.recurrence_at),
        )
        copies[address].apply(message)
        texts.append(copies[address].ics())
    mark = _last_message_id()

    whole_series_at_nine(setting)
    resent = one_each(setting, mark)
    after_change = expected(setting)

    for address, message in resent.items():
        [master] = masters(message.calendar)
        [before] = masters(first[address].calendar)
        assert message.method == "REQUEST"
        assert (before["SEQUENCE"], master["SEQUENCE"]) == (0, 1)
        assert exdates(master) == [_utc(second.recurrence_at)]
        assert _utc(second.recurrence_at) not in instances(message.calendar)
        copies[address].apply(message)
        texts += [message.raw, copies[address].ics()]

    assert second.status == MeetingStatus.CANCELLED
    assert [m[1] for m in after_cancel] == rule_instants_then
    assert [m[1] for m in after_change] == [
        _utc(m.recurrence_at) for m in setting.meetings if m is not second
    ]
    assert second.recurrence_at.astimezone(_zone(setting)).strftime("%H:%M") == "09:00"
    read = read_by_all(icaljs_expand, texts)
    assert read == [as_all(after_cancel)] * 3 + [as_all(after_change)] * 6


def group_feed(client, setting: Setting) -> bytes:
    response = client.get(f"/groups/{setting.group.slug}/calendar.ics")
    assert response.status_code == 200
    return response.data


def test_series_group_feed_expands_to_the_visible_meetings_after_each_step(
    setting, client, icaljs_expand
):
    """Scheduled; the third moved; the second cancelled; the whole series at 09:00; the
    fourth and following cancelled: the public group's feed after each step."""
    first, second, third, fourth = setting.meetings
    steps = [
        lambda: None,
        lambda: move(setting, third, days=1, hour=13),
        lambda: cancel_one(setting, second),
        lambda: whole_series_at_nine(setting),
        lambda: cancel_following(setting, fourth),
    ]
    feeds, wanted = [], []
    for step in steps:
        step()
        feeds.append(group_feed(client, setting))
        wanted.append(expected(setting))

    assert [[m[4] for m in w] for w in wanted] == [
        [first.title, second.title, third.title, fourth.title],
        [first.title, second.title, third.title, fourth.title],
        [first.title, third.title, fourth.title],
        [first.title, third.title, fourth.title],
        [first.title, third.title],
    ]
    assert [m.status for m in setting.meetings] == [
        MeetingStatus.SCHEDULED,
        MeetingStatus.CANCELLED,
        MeetingStatus.SCHEDULED,
        MeetingStatus.CANCELLED,
    ]
    assert read_by_all(icaljs_expand, feeds) == [as_all(w) for w in wanted]


def _without(text: bytes, drop: Callable[[object], bool], strip_exdate: bool = False) -> bytes:
    """The calendar with the VEVENTs ``drop`` names removed (and its EXDATEs, if asked)."""
    calendar = Calendar.from_ical(text)
    calendar.subcomponents = [c for c in calendar.subcomponents if not drop(c)]
    if strip_exdate:
        for event in calendar.walk("VEVENT"):
            event.pop("EXDATE", None)
    return calendar.to_ical()


def test_series_expansion_needs_the_exdate_and_the_moved_instance(setting, client, icaljs_expand):
    """The parsers really apply what the checks above rely on: the same feed without the
    cancelled meeting's EXDATE shows it again (with the series' title), and without the
    moved meeting's instance shows that meeting at the rule's time."""
    second, third = setting.meetings[1:3]
    move(setting, third, days=1, hour=13)
    cancel_one(setting, second)
    feed = group_feed(client, setting)
    meetings = expected(setting)
    uid, title = setting.series.uid, setting.series.title
    length = second.ends_at - second.starts_at
    rid2, rid3 = second.recurrence_at, third.recurrence_at
    third_id = _utc(rid3)

    without_exdate = _without(feed, lambda c: False, strip_exdate=True)
    without_moved = _without(
        feed, lambda c: "RECURRENCE-ID" in c and _utc(c["RECURRENCE-ID"].dt) == third_id
    )

    cancelled_again = (uid, _utc(rid2), _utc(rid2), _utc(rid2 + length), title, "CONFIRMED")
    at_rule_time = (uid, third_id, third_id, _utc(rid3 + length), title, "CONFIRMED")
    assert title != second.title
    assert read_by_all(icaljs_expand, [feed, without_exdate, without_moved]) == [
        as_all(meetings),
        as_all(sorted([*meetings, cancelled_again], key=lambda o: o[2])),
        as_all(sorted([*meetings[:1], at_rule_time, *meetings[2:]], key=lambda o: o[2])),
    ]


def test_series_cancelled_as_a_whole_is_one_cancel_and_leaves_nothing_to_expand(
    setting, client, icaljs_expand
):
    """Cancelling the whole series from its first meeting (the rule then ends before its
    first instant): one CANCEL of the object, and the feed's object expands to nothing."""
    first = one_each(setting, 0)
    mark = _last_message_id()

    cancel_series(setting.meetings[0], Scope.ALL, actor=setting.assistant, reason="Konec.")
    cancellations = one_each(setting, mark)
    feed = group_feed(client, setting)

    for address, message in cancellations.items():
        [master] = events(message.calendar)
        assert (message.method, str(master["UID"]), str(master["STATUS"])) == (
            "CANCEL",
            setting.series.uid,
            "CANCELLED",
        )
        assert "RECURRENCE-ID" not in master
        copy = ClientCopy()
        copy.apply(first[address])
        copy.apply(message)
        assert copy.uids == set()
    assert [m.status for m in setting.meetings] == [MeetingStatus.CANCELLED] * 4
    assert [str(e["UID"]) for e in masters(Calendar.from_ical(feed))] == [setting.series.uid]
    assert expected(setting) == []
    assert read_by_all(icaljs_expand, [feed]) == [as_all([])]


# --- Europe/Lisbon: winter time is UTC+0 -----------------------------------------------------


def _lisbon_texts(setting: Setting, client) -> tuple[list[bytes], list[list[Occurrence]]]:
    """A member's invitation to the series, and the group's feed after the third meeting
    moved a day later to 13:00, with the meetings each should show."""
    invitation = one_each(setting, 0)[setting.invitees[1].email].raw
    wanted = [expected(setting)]
    move(setting, setting.meetings[2], days=1, hour=13)
    wanted.append(expected(setting))
    return [invitation, group_feed(client, setting)], wanted


def test_series_in_lisbon_expands_alike_in_icaljs_and_recurring_ical_events(
    lisbon, client, icaljs_expand
):
    texts, wanted = _lisbon_texts(lisbon, client)

    assert [[m[2][11:13] for m in w] for w in wanted] == [
        ["09", "10", "10", "10"],  # October in WEST (UTC+1), then WET (UTC+0)
        ["09", "10", "13", "10"],
    ]
    assert icaljs_expand(texts) == wanted
    assert [rie_expand(t) for t in texts] == wanted


def test_series_in_lisbon_expands_in_vobject(lisbon, client):
    """vobject takes a VTIMEZONE only when it differs from UTC in 2000–2020: the app
    writes zones from 1999 on (``builder.ZONE_RULES_FROM``), so Lisbon's (UTC+0 in winter)
    is used and the winter meetings are not read an hour early."""
    texts, wanted = _lisbon_texts(lisbon, client)

    assert [vobject_expand(t) for t in texts] == wanted
