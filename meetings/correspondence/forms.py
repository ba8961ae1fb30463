"""Forms: putting a proposal to the vote (its deadline typed as a date and a time in the
group's time zone), a ballot, and cancelling a vote."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..db import utcnow
from ..forms import WebForm, strip
from ..i18n import zone_city
from ..scheduling.fields import CheckedForm, date_field, time_field
from ..scheduling.services import LocalTimeError, to_utc
from .enums import Choice
from .labels import CHOICE_ACTIONS
from .services import DEADLINE_PASSED, MAX_TEXT, MAX_TITLE, VoteData

#: The deadline a new vote's form offers: a week ahead, at noon.
DEFAULT_DAYS, DEFAULT_TIME = 7, dt.time(12, 0)


class StartVoteForm(CheckedForm):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Give the vote a title.")),
            Length(max=MAX_TITLE, message=_l("At most %(num)d characters.", num=MAX_TITLE)),
        ],
    )
    proposal = TextAreaField(
        _l("Proposed resolution"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Write the text of the proposed resolution.")),
            Length(max=MAX_TEXT, message=_l("At most %(num)d characters.", num=MAX_TEXT)),
        ],
        render_kw={"rows": 6},
    )
    explanation = TextAreaField(
        _l("Explanation (optional)"),
        filters=[strip],
        validators=[Length(max=MAX_TEXT, message=_l("At most %(num)d characters.", num=MAX_TEXT))],
        render_kw={"rows": 4},
    )
    deadline_date = date_field(_l("Deadline: date"))
    deadline_time = time_field(_l("Deadline: time"))

    def __init__(self, *args, zone: str, now: dt.datetime | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.now = now

    @classmethod
    def defaults(cls, zone: str, now: dt.datetime | None = None) -> dict:
        """A week ahead at noon, in the group's zone."""
        today = (now or utcnow()).astimezone(ZoneInfo(zone)).date()
        return {
            "deadline_date": today + dt.timedelta(days=DEFAULT_DAYS),
            "deadline_time": DEFAULT_TIME,
        }

    def validate(self, extra_validators=None) -> bool:
        self.refused = False
        valid = super().validate(extra_validators)
        self.deadline_at = None
        if self.deadline_date.data and self.deadline_time.data:
            try:
                self.deadline_at = to_utc(
                    self.deadline_date.data, self.deadline_time.data, self.zone
                )
            except LocalTimeError:
                self.refuse(
                    self.deadline_time,
                    _l(
                        "This time does not exist on that day in %(zone)s: the clocks go "
                        "forward then.",
                        zone=zone_city(self.zone),
                    ),
                )
            else:
                if self.deadline_at <= (self.now or utcnow()):
                    self.refuse(self.deadline_date, DEADLINE_PASSED)
        return valid and not self.refused

    def data_for_service(self) -> VoteData:
        assert self.deadline_at is not None  # noqa: S101  (validate() set it)
        return VoteData(
            title=self.title.data or "",
            proposal=self.proposal.data or "",
            explanation=self.explanation.data or None,
            deadline_at=self.deadline_at,
        )


class BallotForm(WebForm):
    choice = RadioField(
        _l("Your vote"),
        choices=[SelectChoice(c.value, CHOICE_ACTIONS[c]) for c in Choice],
        validators=[InputRequired(message=_l("Choose for, against or abstain."))],
    )


class CancelVoteForm(WebForm):
    reason = TextAreaField(
        _l("Reason (optional, sent to the voting members)"),
        filters=[strip],
        validators=[Length(max=2000, message=_l("At most %(num)d characters.", num=2000))],
        render_kw={"rows": 3},
    )
