"""Votes by correspondence: putting a proposal to the vote, the vote's page (ballot, who has
voted, reminder, cancelling, result, record), and the signed link from the e-mail with
which a voting member votes without signing in."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.guard import guarded
from ..auth.permissions import can
from ..extensions import db, limiter
from ..groups.models import WorkingGroup
from ..i18n import format_local_datetime, zone_city
from ..storage import services as storage
from . import jobs as _jobs  # noqa: F401  (registers the closing job and the record task)
from . import services
from .enums import Channel, Choice, VoteState
from .forms import BallotForm, CancelVoteForm, StartVoteForm
from .labels import (
    CHANNEL_LABELS,
    CHOICE_ACTIONS,
    CHOICE_LABELS,
    DID_NOT_VOTE,
    RESULT_BADGES,
    RESULT_LABELS,
    adoption_text,
    closed_text,
    closing_text,
    quorum_text,
)
from .models import CorrespondenceVote
from .outcome import quorum_of
from .record import record_error_text, record_filename
from .tokens import BallotLinkError, read_ballot_token

bp = Blueprint("correspondence", __name__)


@bp.app_context_processor
def _correspondence_helpers() -> dict[str, Any]:
    return {
        "vote_result_labels": RESULT_LABELS,
        "vote_result_badges": RESULT_BADGES,
    }


def _acting_user() -> Any:
    return current_user._get_current_object()


def _visible_group(slug: str) -> WorkingGroup:
    """The group if the person may see it: sign-in or 404 otherwise (as the group pages)."""
    group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == slug)).first()
    if group is None:
        abort(404)
    if not can(current_user, "group.view", group):
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        abort(404)
    return group


def _vote(vote_id: int, action: str = "correspondence.view") -> CorrespondenceVote:
    """The vote if the person may see it (sign-in, 403 or 404 otherwise), then ``action``."""
    return guarded(services.get_vote(vote_id), action)


def _back(vote: CorrespondenceVote, anchor: str | None = None):
    return redirect(url_for("correspondence.vote", vote_id=vote.id, _anchor=anchor))


def _deadline_words(vote: CorrespondenceVote) -> dict[str, str]:
    deadline = format_local_datetime(vote.deadline_at, vote.timezone, "long")
    return {"deadline": deadline, "zone": zone_city(vote.timezone)}


def _rules(vote: CorrespondenceVote) -> dict[str, str]:
    """The vote's rules as sentences in the reader's language."""
    words = _deadline_words(vote)
    return {
        "quorum": quorum_text(vote.quorum_basis, vote.quorum_needed, vote.voting_members),
        "adoption": adoption_text(),
        "closing": closing_text(f"{words['deadline']} ({words['zone']})"),
    }


# --- putting a proposal to the vote ---------------------------------------------------------


@bp.route("/groups/<slug>/votes/new", methods=["GET", "POST"])
@login_required
def start(slug: str):
    group = _visible_group(slug)
    if not can(current_user, "correspondence.start", group):
        abort(
            403,
            description=_("Only the group's chair and assistants can put a proposal to a vote."),
        )
    voters = services.voting_members(group)
    problem = services.cannot_start(group, len(voters))
    form = StartVoteForm(
        zone=group.timezone,
        data=None if request.method == "POST" else StartVoteForm.defaults(group.timezone),
    )
    if problem is None and form.validate_on_submit():
        try:
            vote = services.start_vote(group, form.data_for_service(), actor=_acting_user())
        except services.VoteError as refused:
            flash(str(refused.message), "error")
        else:
            db.session.commit()
            flash(
                ngettext(
                    "The proposal has been sent to the %(num)d voting member.",
                    "The proposal has been sent to the %(num)d voting members.",
                    vote.voting_members,
                ),
                "success",
            )
            return redirect(url_for("correspondence.vote", vote_id=vote.id))
    quorum = quorum_of(group, len(voters)) if voters else None
    return render_template(
        "correspondence/start.html",
        group=group,
        form=form,
        voters=voters,
        problem=str(problem) if problem is not None else None,
        quorum=quorum_text(quorum.basis, quorum.needed, len(voters)) if quorum else "",
        adoption=adoption_text(),
        zone=group.timezone,
    ), (422 if form.is_submitted() and (form.errors or problem) else 200)


# --- the vote's page ------------------------------------------------------------------------


@bp.get("/votes/<int:vote_id>")
def vote(vote_id: int):
    vote = _vote(vote_id)
    ballots = services.ballots_of(vote)
    user_id = current_user.id if current_user.is_authenticated else None
    mine = next((b for b in ballots if b.user_id == user_id), None)
    voted = [b for b in ballots if b.choice is not None]
    manages = can(current_user, "correspondence.manage", vote)
    form = BallotForm(
        formdata=None, data={"choice": mine.choice.value if mine and mine.choice else None}
    )
    return render_template(
        "correspondence/vote.html",
        vote=vote,
        group=vote.group,
        ballots=ballots,
        voted=voted,
        waiting=[b for b in ballots if b.choice is None],
        mine=mine,
        may_vote=can(current_user, "correspondence.vote", vote),
        manages=manages,
        ended=services.is_due(vote),
        form=form,
        cancel_form=CancelVoteForm(formdata=None),
        choice_actions=CHOICE_ACTIONS,
        choice_labels=CHOICE_LABELS,
        did_not_vote=DID_NOT_VOTE,
        channel_labels=CHANNEL_LABELS,
        closed=closed_text(vote.close_reason, _local_long(vote.closed_at, vote.timezone))
        if vote.state == VoteState.CLOSED
        else "",
        record_error=record_error_text(vote) if vote.state == VoteState.CLOSED else "",
        **_deadline_words(vote),
        **_rules(vote),
    )


def _local_long(value, zone: str) -> str:
    return format_local_datetime(value, zone, "long")


@bp.post("/votes/<int:vote_id>/ballot")
@login_required
def cast(vote_id: int):
    """A voting member votes (or changes their vote) on the vote's page."""
    vote = _vote(vote_id)
    if services.close_if_due(vote):
        db.session.commit()
    if vote.state != VoteState.OPEN:
        flash(str(services.NOT_OPEN[vote.state]), "error")
        return _back(vote)
    if not can(current_user, "correspondence.vote", vote):
        abort(
            403,
            description=_(
                "Only the voting members the proposal was put to can vote: observers, and "
                "members who joined the group after the vote started, cannot."
            ),
        )
    form = BallotForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _back(vote, "ballot")
    ballot = services.ballot_of(vote, current_user)
    try:
        services.cast_ballot(ballot, form.choice.data, channel=Channel.PAGE)
    except services.VoteError as refused:
        flash(str(refused.message), "error")
        return _back(vote, "ballot")
    db.session.commit()
    _flash_cast(vote, Choice(form.choice.data))
    return _back(vote, "ballot")


def _flash_cast(vote: CorrespondenceVote, choice: Choice) -> None:
    flash(
        _("Your vote “%(choice)s” has been recorded.", choice=CHOICE_ACTIONS[choice]),
        "success",
    )
    if vote.state == VoteState.CLOSED and vote.result is not None:
        flash(
            _(
                "The vote has closed: %(result)s.",
                result=RESULT_LABELS[vote.result],
            ),
            "info",
        )


@bp.post("/votes/<int:vote_id>/remind")
@login_required
def remind(vote_id: int):
    """Mail a reminder to the voting members who have not voted."""
    vote = _vote(vote_id)
    if not can(current_user, "correspondence.manage", vote):
        if vote.state != VoteState.OPEN:
            flash(str(services.NOT_OPEN[vote.state]), "error")
            return _back(vote)
        abort(403, description=_("Only the group's chair and assistants can do this."))
    try:
        sent = services.remind_non_voters(vote, actor=_acting_user())
    except services.VoteError as refused:
        flash(str(refused.message), "error")
        return _back(vote)
    db.session.commit()
    flash(
        ngettext(
            "A reminder has been sent to the %(num)d voting member who has not voted.",
            "A reminder has been sent to the %(num)d voting members who have not voted.",
            sent,
        )
        if sent
        else _("Everyone has voted: no reminder was needed."),
        "success",
    )
    return _back(vote, "voters")


@bp.post("/votes/<int:vote_id>/cancel")
@login_required
def cancel(vote_id: int):
    vote = _vote(vote_id)
    if not can(current_user, "correspondence.manage", vote):
        if vote.state != VoteState.OPEN:
            flash(str(services.NOT_OPEN[vote.state]), "error")
            return _back(vote)
        abort(403, description=_("Only the group's chair and assistants can do this."))
    form = CancelVoteForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _back(vote)
    try:
        services.cancel_vote(vote, actor=_acting_user(), reason=form.reason.data)
    except services.VoteError as refused:
        flash(str(refused.message), "error")
        return _back(vote)
    db.session.commit()
    flash(_("The vote has been cancelled; the voting members have been told."), "success")
    return _back(vote)


@bp.get("/votes/<int:vote_id>/record.pdf")
def record(vote_id: int):
    """The signed PDF record of a closed vote, for the group's members."""
    vote = _vote(vote_id)
    if vote.state != VoteState.CLOSED or vote.record_file is None:
        abort(404)
    response = storage.send(
        vote.record_file,
        download_name=record_filename(vote),
        as_attachment=False,
        mimetype="application/pdf",
    )
    # Never changes once made: the browser may keep it, for the group's members only.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


# --- the link from the e-mail ---------------------------------------------------------------


@bp.route("/votes/ballot/<token>", methods=["GET", "POST"])
@limiter.limit("60 per hour", methods=["POST"])
def by_link(token: str):
    """The link in the e-mail: GET shows the proposal and the buttons (a link prefetcher or
    virus scanner opening it changes nothing); POST records the ballot. No sign-in: the
    signed link is the voting member's key, while the vote is open."""
    try:
        ballot = read_ballot_token(token)
    except BallotLinkError as error:
        return render_template("correspondence/link_problem.html", problem=error.problem.value), 404
    vote = ballot.vote
    form = BallotForm()
    if form.is_submitted():
        if services.close_if_due(vote):
            db.session.commit()
        if vote.state != VoteState.OPEN:
            flash(str(services.NOT_OPEN[vote.state]), "error")
        elif form.validate():
            try:
                services.cast_ballot(ballot, form.choice.data, channel=Channel.LINK)
            except services.VoteError as refused:
                flash(str(refused.message), "error")
            else:
                db.session.commit()
                _flash_cast(vote, Choice(form.choice.data))
        else:
            for errors in form.errors.values():
                for error in errors:
                    flash(str(error), "error")
        return redirect(url_for("correspondence.by_link", token=token))
    form = BallotForm(
        formdata=None, data={"choice": ballot.choice.value if ballot.choice else None}
    )
    return render_template(
        "correspondence/by_link.html",
        vote=vote,
        group=vote.group,
        ballot=ballot,
        voter=ballot.user,
        form=form,
        ended=services.is_due(vote) or vote.state != VoteState.OPEN,
        choice_actions=CHOICE_ACTIONS,
        may_open_vote=can(current_user, "correspondence.view", vote),
        closed=closed_text(vote.close_reason, _local_long(vote.closed_at, vote.timezone))
        if vote.state == VoteState.CLOSED
        else "",
        **_deadline_words(vote),
        **_rules(vote),
    )
