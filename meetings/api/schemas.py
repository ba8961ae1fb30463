"""The shapes of the API's answers: pydantic models, which also give the OpenAPI
document its component schemas (``model_json_schema``). Times are ISO 8601 with the
offset of the ``timezone`` (an IANA name) they are shown in."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..agenda.enums import ItemKind
from ..groups.enums import Language, Role
from ..invitations.enums import Rsvp
from ..minutes.enums import MinutesState
from ..scheduling.enums import MeetingKind, MeetingStatus


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


#: Every component schema of the document, by name.
COMPONENTS: tuple[type[BaseModel], ...] = (
    Group,
    GroupDetail,
    GroupList,
    Meeting,
    MeetingDetail,
    MeetingList,
    Decision,
    DecisionList,
    AnswerRequest,
    AnswerResult,
    Problem,
)
