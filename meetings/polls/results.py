"""A date poll's results: counts per slot, the ranking, who has not answered, and the
table as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .enums import PollAnswerValue
from .models import Poll, PollOption, PollParticipant
from .people import participant_email, participant_name, slot_label
from .services import ANSWER_LABELS


@dataclass
class OptionResult:
    option: PollOption
    yes: int = 0
    if_need_be: int = 0
    no: int = 0
    rank: int = 0
    best: bool = False


@dataclass
class Results:
    options: list[OptionResult]
    #: Every person asked, with their answers: participant → option id → value.
    rows: list[tuple[PollParticipant, dict[int, PollAnswerValue]]]
    not_answered: list[PollParticipant]

    @property
    def ranked(self) -> list[OptionResult]:
        return sorted(self.options, key=lambda r: (r.rank, r.option.starts_at))


def load_poll(poll_id: int) -> Poll | None:
    """The poll with its slots, venues, people and answers: four queries whatever their
    number."""
    return db.session.scalars(
        select(Poll)
        .where(Poll.id == poll_id)
        .options(
            selectinload(Poll.options).selectinload(PollOption.venue),
            selectinload(Poll.participants).selectinload(PollParticipant.user),
            selectinload(Poll.participants).selectinload(PollParticipant.answers),
        )
    ).first()


def results(poll: Poll) -> Results:
    """Counts per slot, ranked: most yes, then most if-need-be; the first (and any tied
    with it, with at least one yes or if-need-be) are the best."""
    by_option = {o.id: OptionResult(o) for o in poll.options}
    rows = []
    for participant in poll.participants:
        answers = {a.option_id: a.value for a in participant.answers}
        rows.append((participant, answers))
        for option_id, value in answers.items():
            result = by_option.get(option_id)
            if result is None:
                continue
            if value == PollAnswerValue.YES:
                result.yes += 1
            elif value == PollAnswerValue.IF_NEED_BE:
                result.if_need_be += 1
            else:
                result.no += 1
    ordered = sorted(by_option.values(), key=lambda r: (-r.yes, -r.if_need_be, r.option.starts_at))
    previous: tuple[int, int] | None = None
    for position, result in enumerate(ordered, start=1):
        key = (result.yes, result.if_need_be)
        result.rank = ordered[position - 2].rank if key == previous else position
        previous = key
        result.best = result.rank == 1 and (result.yes + result.if_need_be) > 0
    not_answered = [p for p in poll.participants if p.answered_at is None]
    return Results(list(by_option.values()), rows, not_answered)


def results_csv(poll: Poll, zone: str) -> str:
    """The results table as CSV: one row per person, a column per slot, then the counts."""
    result = results(poll)
    out = io.StringIO()
    writer = csv.writer(out)
    labels = {
        PollAnswerValue.YES: str(ANSWER_LABELS[PollAnswerValue.YES]),
        PollAnswerValue.IF_NEED_BE: str(ANSWER_LABELS[PollAnswerValue.IF_NEED_BE]),
        PollAnswerValue.NO: str(ANSWER_LABELS[PollAnswerValue.NO]),
    }
    header = [str(_l("Name")), str(_l("E-mail"))]
    header += [slot_label(o, zone) for o in poll.options]
    header.append(str(_l("Comment")))
    writer.writerow(header)
    for participant, answers in result.rows:
        writer.writerow(
            [participant_name(participant), participant_email(participant)]
            + [labels[answers[o.id]] if o.id in answers else "" for o in poll.options]
            + [participant.comment or ""]
        )
    counts = {r.option.id: r for r in result.options}
    for label, attribute in (
        (labels[PollAnswerValue.YES], "yes"),
        (labels[PollAnswerValue.IF_NEED_BE], "if_need_be"),
        (labels[PollAnswerValue.NO], "no"),
    ):
        writer.writerow(
            [label, ""] + [str(getattr(counts[o.id], attribute)) for o in poll.options] + [""]
        )
    return out.getvalue()
