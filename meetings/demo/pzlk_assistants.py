"""The Liberec pact's other two working groups (``liberec`` adds them without people): an
assistant and a member each, and a joint meeting the social services group proposes to
them (issue 16). Its education group has accepted; its employment group has not answered
yet, so the employment assistant sees "Proposed joint meetings" on their dashboard.

The people are made up (the seed names no one of these groups)."""

from __future__ import annotations

from ..groups.enums import Role
from ..models import Meeting, User, Venue, WorkingGroup
from ..scheduling.enums import MeetingKind
from ..scheduling.proposals import accept_proposal, sync_proposals
from .loader import PRAGUE, Loader

#: The proposed joint meeting, found by its title when the demo is loaded again.
PROPOSED_TITLE = "Společné setkání pracovních skupin PZLK: akční plán paktu"


def load_pzlk_assistants(lo: Loader) -> None:
    social = lo.find(WorkingGroup, slug="pzlk-socialni-sluzby")
    employment = lo.find(WorkingGroup, slug="pzlk-zamestnanost")
    education = lo.find(WorkingGroup, slug="pzlk-vzdelavani")
    if social is None or employment is None or education is None:
        return
    employment_assistant = lo.user(
        "zamestnanost@demo.example",
        "Martin Černý",
        "assistant, Zaměstnanost (Liberec pact): a joint meeting waits for his answer",
        locale="cs",
        grammatical_gender="masculine",
    )
    education_assistant = lo.user(
        "vzdelavani@demo.example",
        "Lucie Procházková",
        "assistant, Vzdělávání (Liberec pact)",
        locale="cs",
        grammatical_gender="feminine",
    )
    employment_member = lo.user(
        "clen.zamestnanost@demo.example",
        "Tomáš Marek",
        "member, Zaměstnanost (Liberec pact)",
        locale="cs",
        grammatical_gender="masculine",
    )
    education_member = lo.user(
        "clen.vzdelavani@demo.example",
        "Hana Veselá",
        "member, Vzdělávání (Liberec pact)",
        locale="cs",
        grammatical_gender="feminine",
    )
    lo.member(employment_assistant, employment, Role.ASSISTANT)
    lo.member(employment_member, employment, Role.MEMBER)
    lo.member(education_assistant, education, Role.ASSISTANT)
    lo.member(education_member, education, Role.MEMBER)
    _proposed_joint_meeting(lo, social, employment, education, education_assistant)


def _proposed_joint_meeting(
    lo: Loader,
    social: WorkingGroup,
    employment: WorkingGroup,
    education: WorkingGroup,
    education_assistant: User,
) -> None:
    """The social services group's next joint meeting of the pact, after its monthly
    series (so the numbers follow the dates), asked of the two other groups by its
    assistant: education accepted, employment still to answer."""
    if lo.find(Meeting, group_id=social.id, title=PROPOSED_TITLE):
        return
    host_assistant = lo.find(User, email="assistant@demo.example")
    meeting = lo.meeting(
        social,
        social.meeting_counter + 1,
        title=PROPOSED_TITLE,
        kind=MeetingKind.JOINT,
        # Public, as the pact's joint meetings are: the asked groups' people may read it.
        is_public=True,
        starts=lo.days_ahead(PRAGUE, 250, 9, 30),
        ends=lo.days_ahead(PRAGUE, 250, 12),
        venue=lo.find(Venue, name="IQ Landia", city="Liberec"),
        agenda=[
            {"title": "Vyhodnocení akčního plánu paktu za uplynulý rok"},
            {"title": "Priority pracovních skupin na příští rok"},
        ],
    )
    proposals = sync_proposals(meeting, [employment, education], actor=host_assistant)
    for proposal in proposals:
        lo.count("JointMeetingProposal")
        if proposal.group_id == education.id:
            accept_proposal(proposal, actor=education_assistant)
