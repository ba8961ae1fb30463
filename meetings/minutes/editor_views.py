"""The minutes' editor: texts, decisions and tasks per agenda item, saved as one revision;
a save based on an old version shows both texts of every field that differs."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..auth.services import organisation_choices
from ..extensions import db
from ..scheduling.models import Meeting
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
            values=saved,
            errors=errors or {},
            conflicts={c["name"]: c for c in conflicts or []},
            conflict_list=conflicts or [],
            version=minutes.version or 0,
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


def _conflicts(meeting: Meeting, minutes: Minutes, posted: dict[str, str]) -> list[dict[str, str]]:
    """The fields whose saved text differs from what the person sent: label, both texts."""
    rows = services.item_rows(meeting, minutes)
    saved = editor_values(
        _texts_of(minutes),
        rows,
        services.decisions_of(meeting),
        services.actions_of(meeting),
    )
    labels = {
        "opening": _("Opening"),
        "closing": _("Closing"),
        "next_meeting": _("Next meeting"),
        **{row.key: f"{row.number} {row.title}" for row in rows},
    }
    out = []
    for name, label in labels.items():
        if name not in posted:
            continue
        mine = services.clean_text(posted.get(name, ""))
        theirs = saved.get(name, "")
        if mine != theirs:
            out.append(
                {"name": name, "label": label, "mine": posted.get(name, ""), "saved": theirs}
            )
    return out


@bp.route("/meetings/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = current_or_placeholder(meeting)
    require("minutes.edit", minutes)
    if request.method == "GET":
        return _editor_page(meeting, minutes)

    rows = services.item_rows(meeting, minutes if minutes.id else None)
    decisions = services.decisions_of(meeting)
    actions = services.actions_of(meeting)
    owners = {i for i, _name in services.owner_choices(meeting, [a.owner_id for a in actions])}
    organisations = {
        i for i, _name in organisation_choices([a.owner_organisation_id for a in actions])
    }
    data = read_editor(request.form, rows, decisions, actions, owners, organisations)
    if data.version is None:
        flash(_("The form was incomplete. Your text is below: save it again."), "error")
        return _editor_page(meeting, minutes, data.values, data.errors, status=422)
    if data.errors:
        return _editor_page(meeting, minutes, data.values, data.errors, status=422)
    try:
        services.save_minutes(
            meeting, data.texts, based_on_version=data.version, actor=acting_user()
        )
        db.session.commit()
    except services.EditConflict:
        db.session.rollback()
        return _conflict_page(meeting, data.values)
    except (StaleDataError, IntegrityError):
        # Someone saved between our check and our write.
        db.session.rollback()
        return _conflict_page(meeting, data.values)
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


def _conflict_page(meeting: Meeting, posted: dict[str, str]):
    minutes = services.current_minutes(meeting)
    if minutes is None:
        abort(404)
    db.session.refresh(minutes)
    if minutes.state != MinutesState.DRAFT:
        # Submitted or approved meanwhile: the text cannot be saved, but is shown to copy.
        flash(str(refusal("minutes.edit", minutes)), "error")
    conflicts = _conflicts(meeting, minutes, posted)
    values = {k: v for k, v in posted.items() if k != "version"}
    return _editor_page(meeting, minutes, values, conflicts=conflicts, status=409)
