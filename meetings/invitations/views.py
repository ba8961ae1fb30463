"""Invitations and answers: the answer links from the e-mail (no sign-in), answering on
the meeting page, and the assistant's list of invitees with their answers (refreshed live
on the meeting page by static/js/answers.js), guests, removing and renewing links."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..auth.guard import guarded
from ..auth.models import Organisation
from ..auth.permissions import can
from ..auth.services import organisation_choices
from ..documents.rendered import respond as send_document
from ..extensions import db, limiter
from ..i18n import zone_city
from ..links import next_or
from ..scheduling import listings
from ..scheduling.models import Meeting
from . import bulk, export, invitees, services
from .enums import ParticipantRole
from .forms import (
    AnswerForm,
    ConfirmForm,
    ConfirmListForm,
    CsvListForm,
    GuestForm,
    OrganisationInviteForm,
    PastedListForm,
)
from .letter import invitation_letter_source

bp = Blueprint("invitations", __name__)


@bp.app_context_processor
def _invitation_helpers() -> dict[str, Any]:
    return {
        "invitation_section": services.invitation_section,
        "invitation_answer_labels": invitees.ANSWER_LABELS,
        "invitation_answer_actions": invitees.ANSWER_ACTIONS,
        "invitation_role_labels": invitees.ROLE_LABELS,
        "invitation_before_change_labels": invitees.ANSWER_BEFORE_CHANGE_LABELS,
        "invitation_via_labels": invitees.ANSWERED_VIA_LABELS,
        "invitation_answer_form": _page_answer_form,
        "invitation_guest_form": _guest_form,
    }


def _page_answer_form(invitation=None) -> AnswerForm:
    return AnswerForm(
        formdata=None,
        data={"comment": invitation.rsvp_comment if invitation is not None else ""},
    )


def _guest_form(*, submitted: bool = False) -> GuestForm:
    """The guest form: empty on the meeting page, or with the request's values."""
    extra = {} if submitted else {"formdata": None}
    form = GuestForm(organisations=organisation_choices(), **extra)
    # The meeting page has other forms: keep this one's ids apart.
    for field in form:
        field.id = f"guest-{field.id}"
        field.label.field_id = field.id
    return form


def _meeting(meeting_id: int, action: str = "meeting.view") -> Meeting:
    """The meeting if the person may see it (sign-in, 403 or 404 otherwise), then ``action``."""
    return guarded(listings.get_meeting(meeting_id), action)


def _back(meeting: Meeting, anchor: str = "invitations"):
    """Back to the meeting's page, or to the page the form came from (the dashboard)."""
    return redirect(next_or(url_for("scheduling.meeting", meeting_id=meeting.id, _anchor=anchor)))


# --- the answer link from the e-mail -------------------------------------------------------

#: Status of the page for each link problem.
_LINK_STATUS = {
    invitees.LinkProblem.INVALID: 404,
    invitees.LinkProblem.REVOKED: 410,
    invitees.LinkProblem.PAST: 410,
    invitees.LinkProblem.CANCELLED: 410,
}


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit("60 per hour", methods=["POST"])
def respond(token: str):
    """The link in the invitation: GET shows the meeting and the answer preselected (a link
    prefetcher or virus scanner opening it changes nothing); POST records the answer with
    an optional comment. No sign-in: the signed link is the invitee's key."""
    try:
        invitation, answer, scope = invitees.read_answer_token(token)
    except invitees.AnswerLinkError as error:
        return (
            render_template(
                "invitations/link_problem.html",
                problem=error.problem.value,
                meeting=error.invitation.meeting if error.invitation else None,
            ),
            _LINK_STATUS[error.problem],
        )
    meeting = invitation.meeting
    form = AnswerForm()
    if not form.is_submitted():
        form.answer.data = answer.value
        form.comment.data = invitation.rsvp_comment or ""
    if form.validate_on_submit():
        try:
            answered = services.answer_in_scope(
                invitation, form.answer.data, form.comment.data, scope
            )
        except invitees.InvitationError as refused:
            flash(str(refused.message), "error")
        else:
            db.session.commit()
            label = invitees.ANSWER_LABELS[answered[0].rsvp]
            if len(answered) > 1:
                message = _(
                    "Thank you: your answer “%(answer)s” has been recorded for %(num)d "
                    "meetings of the series.",
                    answer=label,
                    num=len(answered),
                )
            else:
                message = _("Thank you: your answer “%(answer)s” has been recorded.", answer=label)
            flash(message, "success")
        return redirect(url_for("invitations.respond", token=token))
    return render_template(
        "invitations/respond.html",
        invitation=invitation,
        meeting=meeting,
        form=form,
        invitee=invitees.invitee_name(invitation),
        zone_name=zone_city(meeting.timezone),
        answer_label=invitees.ANSWER_LABELS[invitation.rsvp],
        role_label=invitees.ROLE_LABELS[invitation.role].of(
            invitation.user.grammatical_gender if invitation.user else None
        ),
        may_open_meeting=can(current_user, "meeting.view", meeting),
        series_invitations=services.same_person_in_series(invitation)
        if scope != invitees.AnswerScope.ONE
        else [],
    )


# --- answering on the meeting page ---------------------------------------------------------


@bp.post("/meetings/<int:meeting_id>/answer")
@login_required
def answer(meeting_id: int):
    """A signed-in participant answers (``meeting.answer``: not observers)."""
    meeting = _meeting(meeting_id, "meeting.answer")
    form = AnswerForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _back(meeting)
    try:
        invitation = services.answer_as_participant(
            current_user, meeting, form.answer.data, form.comment.data
        )
    except invitees.InvitationError as refused:
        flash(str(refused.message), "error")
        return _back(meeting)
    db.session.commit()
    flash(
        _(
            "Your answer “%(answer)s” has been recorded.",
            answer=invitees.ANSWER_LABELS[invitation.rsvp],
        ),
        "success",
    )
    return _back(meeting)


# --- the assistant's side ------------------------------------------------------------------


@bp.get("/meetings/<int:meeting_id>/invitations/answers")
@login_required
def answers(meeting_id: int):
    """The answer table alone (counts and names), which the meeting page fetches every
    15 seconds to stay current."""
    meeting = _meeting(meeting_id, "meeting.invite")
    response = current_app.make_response(
        render_template(
            "invitations/_answers.html",
            meeting=meeting,
            summary=services.answer_summary(meeting),
            may_change=services.invitees_changeable(meeting),
        )
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/meetings/<int:meeting_id>/invitations")
@login_required
def add_guest(meeting_id: int):
    """Invite a guest by e-mail address; a scheduled meeting's invitation goes out at once.
    A rejected form is shown again on a page of its own, with what was typed."""
    meeting = _meeting(meeting_id, "meeting.invite")
    form = _guest_form(submitted=True)
    if form.validate_on_submit():
        try:
            invitation = services.add_guest(
                meeting,
                name=form.name.data,
                email=form.email.data,
                organisation_id=form.organisation_out,
                role=ParticipantRole(form.role.data),
                locale=form.language.data,
            )
        except invitees.InvitationError as refused:
            form.email.errors = [*form.email.errors, str(refused.message)]
        else:
            db.session.commit()
            if invitation.sent_sequence is not None:
                flash(
                    _(
                        "%(name)s has been invited; the invitation is on its way.",
                        name=form.name.data,
                    ),
                    "success",
                )
            else:
                flash(
                    _(
                        "%(name)s has been added; the invitation goes out when the meeting is "
                        "scheduled.",
                        name=form.name.data,
                    ),
                    "success",
                )
            return _back(meeting)
    return render_template("invitations/guest_form.html", meeting=meeting, form=form)


def _invitation(meeting: Meeting, invitation_id: int):
    invitation = services.get_invitation(meeting, invitation_id)
    if invitation is None:
        abort(404)
    return invitation


@bp.post("/meetings/<int:meeting_id>/invitations/<int:invitation_id>/remove")
@login_required
def remove(meeting_id: int, invitation_id: int):
    """Withdraw an invitation: the person gets a cancellation for their calendar."""
    meeting = _meeting(meeting_id, "meeting.invite")
    invitation = _invitation(meeting, invitation_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return _back(meeting)
    name = invitees.invitee_name(invitation)
    try:
        services.remove_invitee(invitation)
    except invitees.InvitationError as refused:
        flash(str(refused.message), "error")
        return _back(meeting)
    db.session.commit()
    flash(_("%(name)s is no longer invited.", name=name), "success")
    return _back(meeting)


@bp.post("/meetings/<int:meeting_id>/invitations/<int:invitation_id>/renew")
@login_required
def renew(meeting_id: int, invitation_id: int):
    """Revoke the invitee's answer links and send the invitation again with new ones."""
    meeting = _meeting(meeting_id, "meeting.invite")
    invitation = _invitation(meeting, invitation_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return _back(meeting)
    try:
        services.renew_answer_links(invitation)
    except invitees.InvitationError as refused:
        flash(str(refused.message), "error")
        return _back(meeting)
    db.session.commit()
    flash(
        _(
            "The old answer links of %(name)s no longer work; new ones have been sent.",
            name=invitees.invitee_name(invitation),
        ),
        "success",
    )
    return _back(meeting)


@bp.post("/meetings/<int:meeting_id>/invitations/members")
@login_required
def invite_members(meeting_id: int):
    """Invite the members who joined the groups after the invitations went out."""
    meeting = _meeting(meeting_id, "meeting.invite")
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return _back(meeting)
    try:
        created = services.invite_missing_members(meeting)
    except invitees.InvitationError as refused:
        flash(str(refused.message), "error")
        return _back(meeting)
    db.session.commit()
    flash(_("%(num)d people have been invited.", num=len(created)), "success")
    return _back(meeting)


@bp.get("/meetings/<int:meeting_id>/invitation.pdf")
def invitation_letter_pdf(meeting_id: int):
    """The meeting's invitation letter for everyone who may see the meeting; it shows the
    agenda only once published (the same letter for all)."""
    meeting = guarded(db.session.get(Meeting, meeting_id), "meeting.view")
    # Rendered once per version of what it says, in the job queue; sent from storage after.
    return send_document(invitation_letter_source(meeting.id), cache_control="private, no-cache")


# --- inviting many at once, and the answers as a spreadsheet ---------------------------------


def _many_forms(submitted: str | None = None) -> dict[str, Any]:
    """The three forms of the page "Invite many at once": the one submitted with the
    request's values, the others empty."""
    organisations = organisation_choices()
    forms: dict[str, Any] = {}
    for name, form_class in (
        ("organisation_form", OrganisationInviteForm),
        ("list_form", PastedListForm),
        ("csv_form", CsvListForm),
    ):
        extra = {} if name == submitted else {"formdata": None}
        form = form_class(organisations=organisations, **extra)
        # Three forms on one page: keep their ids apart.
        for field in form:
            field.id = f"{name.removesuffix('_form')}-{field.id}"
            field.label.field_id = field.id
        forms[name] = form
    return forms


def _many_page(meeting: Meeting, forms: dict[str, Any], status: int = 200):
    return (
        render_template(
            "invitations/invite_many.html",
            meeting=meeting,
            may_change=services.invitees_changeable(meeting),
            max_rows=bulk.MAX_ROWS,
            max_kb=bulk.MAX_BYTES // 1024,
            **forms,
        ),
        status,
    )


@bp.get("/meetings/<int:meeting_id>/invitations/many")
@login_required
def invite_many(meeting_id: int):
    """The page to invite many at once: an organisation's people, a pasted list, a CSV."""
    meeting = _meeting(meeting_id, "meeting.invite")
    return _many_page(meeting, _many_forms())


@bp.post("/meetings/<int:meeting_id>/invitations/organisation")
@login_required
def invite_organisation(meeting_id: int):
    """Everyone with an account at the organisation chosen, as a preview to confirm."""
    meeting = _meeting(meeting_id, "meeting.invite")
    forms = _many_forms("organisation_form")
    form = forms["organisation_form"]
    if not form.validate_on_submit():
        return _many_page(meeting, forms, 422)
    organisation = db.session.get(Organisation, form.organisation_out)
    people = bulk.organisation_people(organisation)
    if not people:
        form.organisation_id.errors = [
            *form.organisation_id.errors,
            _("Nobody at %(organisation)s has an account.", organisation=organisation.name),
        ]
        return _many_page(meeting, forms, 422)
    try:
        return _preview_page(meeting, form, people, "organisation")
    except invitees.InvitationError as refused:
        form.organisation_id.errors = [*form.organisation_id.errors, str(refused.message)]
        return _many_page(meeting, forms, 422)


def _preview_page(meeting: Meeting, form, listed: list[bulk.Listed], source: str):
    """The list with each row's problem, and the button that invites the valid new ones
    (its form carries the rows: nothing is kept on the server meanwhile)."""
    preview = bulk.preview_list(meeting, listed, organisation_id=form.organisation_out)
    confirm = ConfirmListForm(
        formdata=None,
        organisations=organisation_choices(),
        data={
            "rows": bulk.rows_to_text(listed),
            "organisation_id": form.organisation_id.data or "",
            "role": form.role.data,
            # An organisation's people get it in their accounts' languages.
            "language": (form.language.data or "") if "language" in form else "",
        },
    )
    return render_template(
        "invitations/invite_preview.html",
        meeting=meeting,
        preview=preview,
        confirm=confirm,
        source=source,
        problem_labels=bulk.PROBLEM_LABELS,
        # A pasted list can be changed and checked again from the preview.
        list_form=form if source == "list" else None,
    )


def _preview(meeting_id: int, source: str, field_name: str, parse) -> Any:
    """A list's preview (nothing is sent yet): ``parse`` reads the people from the checked
    form's ``field_name``, where a refusal is shown."""
    meeting = _meeting(meeting_id, "meeting.invite")
    forms = _many_forms(f"{source}_form")
    form = forms[f"{source}_form"]
    if not form.validate_on_submit():
        return _many_page(meeting, forms, 422)
    try:
        return _preview_page(meeting, form, parse(form[field_name].data), source)
    except (bulk.ListError, invitees.InvitationError) as refused:
        form[field_name].errors = [*form[field_name].errors, str(refused.message)]
        return _many_page(meeting, forms, 422)


def _read_upload(upload) -> list:
    # One byte more than allowed is enough to know the file is too large.
    return bulk.read_csv(upload.stream.read(bulk.MAX_BYTES + 1))


@bp.post("/meetings/<int:meeting_id>/invitations/list")
@login_required
def preview_list(meeting_id: int):
    """A pasted list: its preview (nothing is sent yet)."""
    return _preview(meeting_id, "list", "addresses", bulk.read_pasted)


@bp.post("/meetings/<int:meeting_id>/invitations/csv")
@login_required
def preview_csv(meeting_id: int):
    """A CSV file: its preview (nothing is sent yet)."""
    return _preview(meeting_id, "csv", "file", _read_upload)


@bp.post("/meetings/<int:meeting_id>/invitations/list/confirm")
@login_required
def confirm_list(meeting_id: int):
    """Invite the rows of the preview that have no problem (checked again now)."""
    meeting = _meeting(meeting_id, "meeting.invite")
    form = ConfirmListForm(organisations=organisation_choices())
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("invitations.invite_many", meeting_id=meeting.id))
    try:
        listed = bulk.rows_from_text(form.rows.data)
        created, _preview = bulk.invite_listed(
            meeting,
            listed,
            organisation_id=form.organisation_out,
            role=form.role_out,
            locale=form.language.data or None,
        )
    except (bulk.ListError, invitees.InvitationError) as refused:
        flash(str(refused.message), "error")
        return redirect(url_for("invitations.invite_many", meeting_id=meeting.id))
    db.session.commit()
    if created and all(i.sent_sequence is None for i in created):
        message = ngettext(
            "%(num)d person has been added; the invitation goes out when the meeting is scheduled.",
            "%(num)d people have been added; the invitations go out when the meeting is scheduled.",
            len(created),
        )
    else:
        message = ngettext(
            "%(num)d person has been invited.", "%(num)d people have been invited.", len(created)
        )
    flash(message, "success")
    return _back(meeting)


#: Content types of the exports.
_EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.get("/meetings/<int:meeting_id>/invitations/export.<any(csv, xlsx):extension>")
@login_required
def export_answers(meeting_id: int, extension: str):
    """Everyone invited with their answer and attendance, as CSV or XLSX (managers)."""
    meeting = _meeting(meeting_id, "meeting.invite")
    data = export.export_csv(meeting) if extension == "csv" else export.export_xlsx(meeting)
    response = Response(data, mimetype=_EXPORT_TYPES[extension])
    filename = export.export_filename(meeting, extension)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
