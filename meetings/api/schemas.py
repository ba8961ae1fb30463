"""The shapes of the API's answers: pydantic models, which also give the OpenAPI
document its component schemas (``model_json_schema``). Times are ISO 8601 with the
offset of the ``timezone`` (an IANA name) they are shown in."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..agenda.enums import ItemKind
from ..groups.enums import Language, Role
from ..invitations.enums import ParticipantRole, Rsvp
from ..minutes.enums import ActionStatus, MinutesState
from ..polls.enums import PollState
from ..scheduling.enums import MeetingKind, MeetingStatus

#: The largest id or number a request may carry (an ordinary integer column's).
MAX_ID = 2**31 - 1


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Links(Schema):
    #: The address of this list or object.
    self: str
    #: The next page of a list; null on the last page.
    next: str | None = None


class ObjectLinks(Schema):
    self: str
    #: The page of the object in the web application.
    html: str | None = None


class GroupRef(Schema):
    slug: str
    name: str


class Group(Schema):
    slug: str
    name: str
    description: str | None
    goals: str | None
    parent_body: str | None
    lead_organisation: str | None
    language: Language
    timezone: str = Field(description="IANA time zone of the group's meetings")
    is_public: bool
    links: ObjectLinks


class Member(Schema):
    name: str
    role: Role
    organisation: str | None


class GroupDetail(Group):
    #: The members, for those the policy lets see them (members of the group, site
    #: admins); null for everyone else.
    members: list[Member] | None


class GroupList(Schema):
    data: list[Group]
    links: Links


class Venue(Schema):
    name: str
    street: str | None
    postcode: str | None
    city: str | None
    country: str | None
    room: str | None


class Meeting(Schema):
    id: int
    number: int | None
    title: str
    kind: MeetingKind
    status: MeetingStatus
    starts_at: dt.datetime = Field(description="ISO 8601 with the offset of `timezone`")
    ends_at: dt.datetime = Field(description="ISO 8601 with the offset of `timezone`")
    timezone: str = Field(description="IANA time zone the meeting is held in")
    group: GroupRef | None = Field(description="The host group; null where it is private")
    groups: list[GroupRef] = Field(description="Every group taking part that may be named")
    venue: Venue | None
    online_url: str | None = Field(description="Only for those who may see the link")
    cancel_reason: str | None
    updated_at: dt.datetime
    links: ObjectLinks


class AgendaItem(Schema):
    number: str = Field(description='As printed: "1.", "2a"')
    title: str
    description: str | None
    presenter: str | None
    kind: ItemKind
    duration_minutes: int | None
    starts_at: dt.datetime | None = Field(
        description="Planned, when every earlier duration is known"
    )
    ends_at: dt.datetime | None
    children: list[AgendaItem]


class MyInvitation(Schema):
    answer: Rsvp
    comment: str | None
    answered_at: dt.datetime | None


class MyInvitationEntry(Schema):
    """One of the token owner's invitations, with the meeting it is to."""

    meeting: Meeting
    answer: Rsvp
    comment: str | None
    answered_at: dt.datetime | None
    #: When the time or place changed after the answer: the answer is asked for again.
    asked_again_at: dt.datetime | None


class MyInvitationList(Schema):
    data: list[MyInvitationEntry]
    links: Links


class Invitee(Schema):
    """Someone invited to a meeting, with their answer (for the meeting's managers)."""

    id: int
    name: str
    email: str
    organisation: str | None
    role: ParticipantRole
    is_guest: bool
    answer: Rsvp
    comment: str | None
    answered_at: dt.datetime | None
    #: The invitation has been sent (a draft meeting's are not yet).
    sent: bool


class InviteeList(Schema):
    """Everyone invited to the meeting and how many gave each answer."""

    counts: dict[str, int] = Field(
        description="Per answer (needs_action, accepted, tentative, declined), and total"
    )
    data: list[Invitee]
    links: Links


class MeetingDetail(Meeting):
    description: str | None
    #: The agenda, once it is published (always for the group's managers); null before.
    agenda: list[AgendaItem] | None
    #: The token owner's invitation to the meeting, if they have one.
    my_invitation: MyInvitation | None


class MeetingList(Schema):
    data: list[Meeting]
    links: Links


class Decision(Schema):
    label: str = Field(description='The number within the group: "10/3"')
    text: str
    votes_for: int | None
    votes_against: int | None
    votes_abstaining: int | None
    adopted: bool | None
    quorum_rule: str = Field(description="The quorum rule in words; empty when none")
    minutes_state: MinutesState | None = Field(
        description="The state of the minutes it is in; null for a decision by correspondence"
    )
    meeting_id: int | None = Field(description="null for a decision by correspondence")
    correspondence_vote_id: int | None = Field(
        description="The vote by correspondence (per rollam) that took it, if any"
    )
    meeting_title: str = Field(description="The meeting's title, or the vote's")
    meeting_starts_at: dt.datetime = Field(
        description="When the meeting started, or when the vote closed"
    )
    timezone: str
    group: GroupRef


class DecisionList(Schema):
    data: list[Decision]
    links: Links


class AnswerRequest(Schema):
    answer: Literal["accepted", "declined", "tentative"]
    comment: str | None = Field(default=None, max_length=2000)


class AnswerResult(Schema):
    meeting_id: int
    answer: Rsvp
    comment: str | None
    answered_at: dt.datetime


class FieldError(Schema):
    name: str = Field(description="The failing parameter or body field")
    in_: Literal["query", "path", "body", "header"] = Field(alias="in")
    detail: str

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Problem(Schema):
    """An error (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None


# --- organisations, venues, members ------------------------------------------------------


class OfficeHours(Schema):
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")
    # Wall-clock times of the organisation's own zone (no offset: RFC 3339's "time" has one).
    opens: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["07:30"])
    closes: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["15:30"])


class Organisation(Schema):
    id: int
    name: str
    short_name: str | None
    department: str | None
    street: str | None
    postcode: str | None
    city: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2")
    phone: str | None
    email: str | None
    website: str | None
    registration_number: str | None
    description: str | None
    office_hours: list[OfficeHours]
    links: ObjectLinks


class OrganisationList(Schema):
    data: list[Organisation]
    links: Links


class VenueDetail(Schema):
    id: int
    name: str
    street: str | None
    postcode: str | None
    city: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2")
    room: str | None = Field(description="The default room or floor")
    rooms: list[str] = Field(
        description="Every room known there: the default one and those of the meetings "
        "held there that you may see"
    )
    capacity: int | None
    access_notes: str | None
    online_url: str | None
    organisation: str | None = Field(description="Whose premises these are")
    map_url: str | None = Field(description="An OpenStreetMap search for the address")
    links: ObjectLinks


class VenueList(Schema):
    data: list[VenueDetail]
    links: Links


class GroupMember(Schema):
    name: str
    role: Role
    organisation: str | None
    email: str | None = Field(
        description="Only for those who manage the group's members (and one's own)"
    )


class MemberList(Schema):
    data: list[GroupMember]
    links: Links


# --- minutes --------------------------------------------------------------------------------


class MeetingRef(Schema):
    id: int
    number: int | None
    title: str
    starts_at: dt.datetime
    timezone: str
    group: GroupRef | None = Field(description="The host group; null where it is private")


class MinutesLinks(Schema):
    self: str
    html: str
    #: The published PDF (this edition's, signed and stored); null before publishing.
    pdf: str | None = None


class Minutes(Schema):
    meeting: MeetingRef
    edition: int = Field(description="1; a correction after approval is the next edition")
    status: MinutesState
    correction_reason: str | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    approved_by: str | None
    published_at: dt.datetime | None
    pdf_sha256: str | None
    links: MinutesLinks


class MinutesList(Schema):
    data: list[Minutes]
    links: Links


class MinutesItem(Schema):
    number: str = Field(description='As printed: "1.", "2a"; "–" for a removed agenda item')
    title: str
    text: str = Field(description="The course of the meeting under the item (Markdown)")


class MinutesDecision(Schema):
    label: str = Field(description='The number within the group: "10/3"')
    item: str | None = Field(description="The agenda item's number")
    text: str
    votes_for: int | None
    votes_against: int | None
    votes_abstaining: int | None
    adopted: bool | None


class ActionItemRef(Schema):
    id: int | None = Field(description="null for an earlier edition's record")
    item: str | None = Field(description="The agenda item's number")
    text: str
    owner: str | None
    due_on: dt.date | None
    status: ActionStatus


class MinutesDetail(Minutes):
    recorded_by: str | None
    verified_by: str | None
    verified_at: dt.datetime | None
    publish_requested_at: dt.datetime | None
    is_current: bool = Field(description="The newest edition (an earlier one never changes)")
    opening: str | None
    items: list[MinutesItem]
    closing: str | None
    next_meeting: str | None
    decisions: list[MinutesDecision]
    action_items: list[ActionItemRef]


# --- action items ---------------------------------------------------------------------------


class ActionItemLinks(Schema):
    #: Where to mark it done (POST, read-write token); null when you may not.
    done: str | None = None


class ActionItem(Schema):
    id: int
    text: str
    group: GroupRef
    meeting_id: int | None
    owner: str | None
    owner_organisation: str | None
    is_mine: bool
    due_on: dt.date | None
    status: ActionStatus
    overdue: bool = Field(description="Open past its due date in the group's time zone")
    closed_at: dt.datetime | None
    links: ActionItemLinks


class ActionItemList(Schema):
    data: list[ActionItem]
    links: Links


# --- polls ----------------------------------------------------------------------------------


class Poll(Schema):
    id: int
    title: str
    description: str | None
    group: GroupRef
    status: PollState
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None
    timezone: str = Field(description="The group's zone the times are shown in")
    meeting_id: int | None = Field(description="The draft meeting made from the chosen slot")
    links: ObjectLinks


class PollList(Schema):
    data: list[Poll]
    links: Links


class PollSlot(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str | None
    online_url: str | None
    yes: int
    if_need_be: int
    no: int
    rank: int = Field(description="1 for the best; tied slots share a rank")
    best: bool
    chosen: bool
    my_answer: Literal["yes", "if_need_be", "no"] | None = Field(
        description="Your answer, when you are asked"
    )


class PollDetail(Poll):
    slots: list[PollSlot]
    asked: int = Field(description="How many people are asked")
    answered: int


# --- writes ---------------------------------------------------------------------------------


class AgendaSubItemInput(Schema):
    title: str = Field(min_length=1, max_length=500)
    description: str | None = Field(default=None, max_length=20000)
    kind: Literal["information", "discussion", "decision"] = "information"
    duration_minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    presenter_name: str | None = Field(default=None, max_length=200)


class AgendaItemInput(AgendaSubItemInput):
    #: Sub-items (1a, 1b …): one level only.
    items: list[AgendaSubItemInput] = Field(default_factory=list, max_length=50)


class MeetingChange(Schema):
    """The fields of a meeting to change (PATCH): those left out stay as they are."""

    title: str | None = Field(default=None, max_length=300)
    kind: Literal["regular", "extended", "joint", "public_event"] | None = None
    other_groups: list[str] | None = Field(
        default=None, max_length=50, description="Slugs of the other groups taking part"
    )
    starts_at: dt.datetime | None = Field(
        default=None,
        description="Wall-clock time in the host group's zone; an offset is converted to it",
    )
    ends_at: dt.datetime | None = None
    venue_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    room: str | None = Field(default=None, max_length=200)
    online_url: str | None = Field(default=None, max_length=500)
    organiser_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    description: str | None = Field(default=None, max_length=20000)
    is_public: bool | None = None
    alarm_minutes: int | None = Field(
        default=None, ge=0, le=MAX_ID, description="Reminder in invitations; null: the group's"
    )
    answer_by: dt.date | None = None


class MeetingCreate(MeetingChange):
    """A new meeting (a draft; numbered when it is scheduled), with its agenda."""

    group: str = Field(min_length=1, max_length=100, description="The host group's slug")
    starts_at: dt.datetime = Field(
        description="Wall-clock time in the host group's zone; an offset is converted to it"
    )
    ends_at: dt.datetime
    held_number: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="A meeting held in the past, recorded with the number it had",
    )
    agenda: list[AgendaItemInput] = Field(default_factory=list, max_length=100)


class ReturnRequest(Schema):
    comment: str = Field(min_length=1, max_length=5000, description="What should be changed")


#: Every component schema of the document, by name.
COMPONENTS: tuple[type[BaseModel], ...] = (
    Group,
    GroupDetail,
    GroupList,
    Meeting,
    MeetingDetail,
    MeetingList,
    MyInvitationEntry,
    MyInvitationList,
    Invitee,
    InviteeList,
    Decision,
    DecisionList,
    AnswerRequest,
    AnswerResult,
    Problem,
    Organisation,
    OrganisationList,
    VenueDetail,
    VenueList,
    MemberList,
    Minutes,
    MinutesList,
    MinutesDetail,
    ActionItem,
    ActionItemList,
    Poll,
    PollList,
    PollDetail,
    MeetingCreate,
    MeetingChange,
    ReturnRequest,
)
