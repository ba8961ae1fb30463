"""The minutes' editor: texts, decisions and tasks per agenda item, saved as one revision;
a save based on an old version shows both texts of every field that differs."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import merging
from ..auth.services import organisation_choices
from ..extensions import db
from ..scheduling.models import Meeting
from ..text import render_markdown
from . import services
from .blueprint import (
    acting_user,
    bp,
    current_or_placeholder,
    find_meeting,
    grouped_by_item,
    minutes_url,
    require,
)
from .enums import MinutesState
from .forms import action_status_choices, editor_values, read_editor, slot_keys
from .models import Minutes
from .workflow import refusal


def _saved_values(meeting: Meeting, minutes: Minutes) -> dict[str, str]:
    """Every editor field as saved now (field name → value)."""
    return editor_values(
        _texts_of(minutes),
        services.item_rows(meeting, minutes if minutes.id else None),
        services.decisions_of(meeting),
        services.actions_of(meeting),
    )


def _editor_page(
    meeting: Meeting,
    minutes: Minutes,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    conflicts: list[dict[str, str]] | None = None,
    status: int = 200,
):
    rows = services.item_rows(meeting, minutes if minutes.id else None)
    decisions = services.decisions_of(meeting)
    actions = services.actions_of(meeting)
    saved = editor_values(
        _texts_of(minutes),
        rows,
        decisions,
        actions,
    )
    # The form is based on what is saved now, whatever it shows.
    base = merging.base_of(saved)
    if values is not None:
        saved.update(values)
    return (
        render_template(
            "minutes/edit.html",
            meeting=meeting,
            minutes=minutes,
            rows=rows,
            slots=slot_keys(rows),
            decisions_by_item=grouped_by_item(decisions),
            actions_by_item=grouped_by_item(actions),
            decision_label=services.decision_label,
            # Decisions voted by name: their counts follow the roll-call, not the editor.
            by_name=services.roll_call_decision_ids(decisions),
            values=saved,
            errors=errors or {},
            conflicts={c["name"]: c for c in conflicts or []},
            conflict_list=conflicts or [],
            version=minutes.version or 0,
            base=base,
            owners=services.owner_choices(meeting, [a.owner_id for a in actions]),
            organisations=organisation_choices([a.owner_organisation_id for a in actions]),
            status_choices=action_status_choices(),
            comments=services.comments_by_item(minutes),
        ),
        status,
    )


def _texts_of(minutes: Minutes) -> dict[str, str | None]:
    return {
        "opening": minutes.opening,
        "closing": minutes.closing,
        "next_meeting": minutes.next_meeting,
    }


def _conflict_rows(
    meeting: Meeting, minutes: Minutes, names: list[str], posted: dict[str, str]
) -> list[dict[str, str]]:
    """The fields both people changed: label, the person's value and the saved one."""
    rows = services.item_rows(meeting, minutes if minutes.id else None)
    saved = _saved_values(meeting, minutes)
    labels = {
        "opening": _("Opening"),
        "closing": _("Closing"),
        "next_meeting": _("Next meeting"),
        **{row.key: f"{row.number} {row.title}" for row in rows},
    }
    for d in services.decisions_of(meeting):
        for name in ("text", "for", "against", "abstaining"):
            labels[f"decision-{d.id}-{name}"] = _(
                "Decision %(label)s", label=services.decision_label(d)
            )
    for a in services.actions_of(meeting):
        for name in ("text", "owner", "organisation", "due", "status"):
            labels[f"action-{a.id}-{name}"] = _("Task: %(text)s", text=a.text[:60])
    texts = {"opening", "closing", "next_meeting", *(row.key for row in rows)}
    # Chosen values are shown by name, not by id.
    actions = services.actions_of(meeting)
    shown = {
        "owner": dict(services.owner_choices(meeting, [a.owner_id for a in actions])),
        "organisation": dict(organisation_choices([a.owner_organisation_id for a in actions])),
        "status": dict(action_status_choices()),
    }

    def display(name: str, value: str) -> str:
        choices = shown.get(name.rsplit("-", 1)[-1])
        if choices is None:
            return value
        return next((label for key, label in choices.items() if str(key) == value), value or "—")

    return [
        {
            "name": name,
            "label": labels.get(name, name),
            "mine": posted.get(name, ""),
            "saved": saved.get(name, ""),
            "mine_shown": display(name, posted.get(name, "")),
            "saved_shown": display(name, saved.get(name, "")),
            # Texts are shown side by side at their field; other values in the summary.
            "is_text": name.endswith("-text") or name in texts,
        }
        for name in names
    ]


#: Saves retried when another save lands between reading and writing.
_ATTEMPTS = 3


@bp.route("/meetings/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = current_or_placeholder(meeting)
    require("minutes.edit", minutes)
    if request.method == "GET":
        return _editor_page(meeting, minutes)
    for _attempt in range(_ATTEMPTS):
        outcome = _save(meeting, request.form.to_dict())
        if outcome is not None:
            return outcome
        db.session.rollback()  # someone saved between our reading and our writing
    minutes = current_or_placeholder(meeting)
    posted = request.form.to_dict()
    names = merging.merge(posted, None, _saved_values(meeting, minutes)).conflicts
    return _conflict_page(meeting, posted, names)


@bp.route("/meetings/<int:meeting_id>/minutes/preview", methods=["POST"])
def preview(meeting_id: int):
    """The text of one field as the minutes will show it (the same Markdown and the same
    sanitising), for the editor's live preview: an HTML fragment. Saves nothing."""
    meeting = find_meeting(meeting_id)
    require("minutes.edit", current_or_placeholder(meeting))
    text = request.form.get("text", "")[: services.MAX_TEXT]
    response = make_response(str(render_markdown(text)))
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    response.headers["Cache-Control"] = "no-store"
    return response


def _save(meeting: Meeting, posted: dict[str, str]):
    """Merge what was sent with what is saved now and save it; None when a concurrent save
    won the race (the caller tries again)."""
    minutes = current_or_placeholder(meeting)
    rows = services.item_rows(meeting, minutes if minutes.id else None)
    decisions = services.decisions_of(meeting)
    actions = services.actions_of(meeting)
    if not posted.get("version", "").isdigit():
        data = read_editor(posted, rows, decisions, actions, set(), set())
        flash(_("The form was incomplete. Your text is below: save it again."), "error")
        return _editor_page(meeting, minutes, data.values, data.errors, status=422)

    saved = editor_values(_texts_of(minutes), rows, decisions, actions)
    # The conflict page asked which text to keep for each field both people changed.
    undecided = merging.apply_choices(request.form, posted, saved)
    if undecided:
        flash(_("Choose which text to keep for each field marked as a conflict."), "error")
        return _conflict_page(meeting, posted, undecided, status=422)
    if int(posted["version"]) != (minutes.version or 0):
        merged = merging.merge(posted, merging.read_base(posted.get(merging.BASE_FIELD)), saved)
        if merged.conflicts:
            return _conflict_page(meeting, merged.values, merged.conflicts)
        posted = merged.values | {"version": str(minutes.version or 0)}

    owners = {i for i, _name in services.owner_choices(meeting, [a.owner_id for a in actions])}
    organisations = {
        i for i, _name in organisation_choices([a.owner_organisation_id for a in actions])
    }
    data = read_editor(posted, rows, decisions, actions, owners, organisations)
    if data.errors:
        return _editor_page(meeting, minutes, data.values, data.errors, status=422)
    try:
        services.save_minutes(
            meeting, data.texts, based_on_version=data.version, actor=acting_user()
        )
        db.session.commit()
    except (services.EditConflict, StaleDataError, IntegrityError):
        return None
    except services.MinutesError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        current = current_or_placeholder(meeting)
        return _editor_page(meeting, current, data.values, status=409)
    flash(_("The minutes are saved."), "success")
    if request.form.get("after") == "view":
        return redirect(minutes_url(meeting))
    anchor = request.form.get("anchor") or None
    return redirect(url_for("minutes.edit", meeting_id=meeting.id, _anchor=anchor))


def _conflict_page(meeting: Meeting, posted: dict[str, str], names: list[str], status=409):
    """Both people changed the same fields: nothing is written; the page shows both values
    and asks which to keep. Every other field already holds the merged value."""
    minutes = services.current_minutes(meeting)
    if minutes is None:
        abort(404)
    db.session.refresh(minutes)
    if minutes.state != MinutesState.DRAFT:
        # Submitted or approved meanwhile: the text cannot be saved, but is shown to copy.
        flash(str(refusal("minutes.edit", minutes)), "error")
    conflicts = _conflict_rows(meeting, minutes, names, posted)
    values = {
        k: v
        for k, v in posted.items()
        if k not in ("version", merging.BASE_FIELD) and not k.startswith("keep-")
    }
    return _editor_page(meeting, minutes, values, conflicts=conflicts, status=status)
