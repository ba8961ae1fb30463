"""Date polls: a group's polls, a new poll (optionally from a task), the poll page with the
answer form and the ranked results, answering by the e-mail link without an account,
closing into a draft meeting, and the results as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.guard import guarded
from ..auth.permissions import can
from ..extensions import db
from ..groups.services import get_group
from ..minutes.enums import ActionStatus
from ..minutes.services import task_links
from ..scheduling.services import venue_choices
from . import people, results, services
from .errors import PollError
from .forms import MAX_SLOTS, CloseForm, PollForm, read_answers
from .models import Poll, PollOption, PollParticipant
from .services import ANSWER_LABELS, STATE_LABELS, PollData

bp = Blueprint("polls", __name__)


def _poll(poll_id: int, action: str) -> Poll:
    return guarded(results.load_poll(poll_id), action)


def _zone_of_viewer(poll: Poll, participant: PollParticipant | None) -> str:
    if participant is not None:
        return people.participant_zone(participant, poll)
    return getattr(current_user, "timezone", None) or poll.group.timezone


@bp.get("/groups/<slug>/polls")
@login_required
def group_polls(slug: str):
    group = guarded(get_group(slug), "group.view_members")
    return render_template(
        "polls/list.html",
        group=group,
        polls=services.polls_of(group),
        may_create=can(current_user, "group.create_poll", group),
        state_labels=STATE_LABELS,
    )


@bp.route("/groups/<slug>/polls/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    group = guarded(get_group(slug), "group.create_poll")
    form = PollForm(venues=venue_choices(), zone=group.timezone)
    task_id = request.values.get("action", type=int) or (
        int(form.action_item_id.data) if (form.action_item_id.data or "").isdigit() else None
    )
    task = services.open_tasks_of(group, [task_id] if task_id else []).get(task_id or 0)
    if request.method == "GET":
        form.action_item_id.data = str(task.id) if task else ""
        if task and not form.title.data:
            form.title.data = task.text[:300]
    if request.method == "POST" and "add_slot" in request.form:
        # Without JavaScript, "Add another slot" sends the form back with one more row:
        # what was typed is kept, nothing is checked yet.
        form.add_slot()
        return _new_page(group, form, task)
    if form.validate_on_submit():
        try:
            poll = services.create_poll(
                PollData(
                    group=group,
                    title=form.title.data,
                    description=form.description.data,
                    closes_at=form.closes_at,
                    slots=form.slot_data,
                    guest_emails=form.guest_emails,
                    action_item=task,
                ),
                actor=current_user._get_current_object(),
            )
        except PollError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The poll is open; everyone asked has been sent a link."), "success")
            return redirect(url_for("polls.detail", poll_id=poll.id))
    return _new_page(group, form, task), (422 if form.errors or request.method == "POST" else 200)


def _new_page(group, form: PollForm, task) -> str:
    return render_template("polls/new.html", group=group, form=form, task=task, max_slots=MAX_SLOTS)


def _task_link(poll: Poll, token: str | None) -> str | None:
    """Where the task the poll was started from is read: its meeting's minutes (or the
    meeting's page) as the person may read them, else the open tasks on the group's page.
    None for a guest answering by the link, and where the person may read neither."""
    task = poll.action_item
    if task is None or token is not None:
        return None
    link = task_links(current_user, [task]).get(task.id)
    if link is not None:
        return url_for(link.endpoint, **link.values)
    if task.status == ActionStatus.OPEN and can(current_user, "group.view_members", poll.group):
        return url_for("groups.detail", slug=poll.group.slug, _anchor="tasks")
    return None


def _page(poll: Poll, participant: PollParticipant | None, *, token: str | None = None, **extra):
    zone = _zone_of_viewer(poll, participant)
    result = results.results(poll)
    mine = {a.option_id: a.value.value for a in participant.answers} if participant else {}
    context = {
        "poll": poll,
        "participant": participant,
        "token": token,
        "zone": zone,
        "group_zone": poll.group.timezone,
        "results": result,
        "answers": extra.pop("answers", mine),
        "problems": extra.pop("problems", {}),
        "comment": extra.pop(
            "comment", participant.comment if participant and participant.comment else ""
        ),
        "answer_labels": ANSWER_LABELS,
        "state_labels": STATE_LABELS,
        "is_open": services.is_open(poll),
        "clashes": services.clashes(current_user, poll) if token is None else {},
        "may_close": token is None and can(current_user, "poll.close", poll),
        "may_export": token is None and can(current_user, "poll.export", poll),
        "close_form": CloseForm(formdata=None),
        # The task it was started from: its text for anyone who sees the poll, and where
        # it is read for those signed in.
        "task": poll.action_item if token is None else None,
        "task_link": _task_link(poll, token),
        "participant_name": people.participant_name,
        "slot_label": people.slot_label,
    }
    context.update(extra)
    return render_template("polls/detail.html", **context)


@bp.get("/polls/<int:poll_id>")
@login_required
def detail(poll_id: int):
    poll = _poll(poll_id, "poll.view")
    return _page(poll, people.participant_for(current_user, poll))


def _save(poll: Poll, participant: PollParticipant, token: str | None):
    values, problems = read_answers(request.form, [o.id for o in poll.options])
    comment = request.form.get("comment", "")
    name = request.form.get("name") if participant.user is None else None
    if not problems:
        try:
            services.save_answers(participant, values, comment=comment, name=name)
        except PollError as error:
            problems = {"form": error.message}
        else:
            db.session.commit()
            flash(_("Your answer is saved. You can change it until the deadline."), "success")
            if token:
                return redirect(url_for("polls.answer_by_link", token=token))
            return redirect(url_for("polls.detail", poll_id=poll.id))
    db.session.rollback()
    poll = results.load_poll(poll.id)
    participant = db.session.get(PollParticipant, participant.id)
    return _page(
        poll, participant, token=token, answers=values, problems=problems, comment=comment
    ), 422


@bp.post("/polls/<int:poll_id>/answer")
@login_required
def answer(poll_id: int):
    poll = _poll(poll_id, "poll.view")
    participant = people.participant_for(current_user, poll)
    if participant is None:
        abort(403, description=_("You are not asked in this poll."))
    return _save(poll, participant, None)


@bp.route("/polls/answer/<token>", methods=["GET", "POST"])
def answer_by_link(token: str):
    try:
        participant = people.read_answer_token(token)
    except PollError as error:
        return render_template("polls/link_problem.html", message=error.message), 400
    poll = results.load_poll(participant.poll_id)
    participant = next(p for p in poll.participants if p.id == participant.id)
    if request.method == "POST":
        return _save(poll, participant, token)
    return _page(poll, participant, token=token)


@bp.post("/polls/<int:poll_id>/close")
@login_required
def close(poll_id: int):
    poll = _poll(poll_id, "poll.close")
    form = CloseForm()
    option = None
    if form.validate_on_submit() and (form.option_id.data or "").isdigit():
        option = db.session.get(PollOption, int(form.option_id.data))
    if option is None or option.poll_id != poll.id:
        flash(_("Choose one of the poll's slots."), "error")
        return redirect(url_for("polls.detail", poll_id=poll.id))
    try:
        meeting = services.close_poll(poll, option, actor=current_user._get_current_object())
    except PollError as error:
        flash(str(error.message), "error")
        return redirect(url_for("polls.detail", poll_id=poll.id))
    db.session.commit()
    flash(
        _("The poll is closed; a draft meeting is created. Everyone asked is told the date."),
        "success",
    )
    return redirect(url_for("scheduling.meeting", meeting_id=meeting.id))


@bp.get("/polls/<int:poll_id>/results.csv")
@login_required
def export(poll_id: int):
    poll = _poll(poll_id, "poll.export")
    text = results.results_csv(poll, poll.group.timezone)
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="poll-{poll.id}.csv"'},
    )


__all__ = ["bp"]
