"""Working groups and organisations: lists, pages, forms and the members page."""

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
from flask_login import current_user, login_required

from ..auth.models import Organisation
from ..auth.permissions import can
from ..extensions import db
from ..i18n import LANGUAGE_NAMES
from ..signals import contributions
from ..text import render_markdown
from . import services
from .enums import Role
from .forms import (
    WEEKDAYS,
    AddMemberForm,
    ChangeRoleForm,
    ConfirmForm,
    DocumentsForm,
    GroupForm,
    InviteMemberForm,
    OrganisationForm,
)
from .labels import QUORUM_RULE_LABELS
from .models import WorkingGroup
from .signals import group_page

#: One blueprint for the package; its pages live under /groups/ and /organisations/.
bp = Blueprint("groups", __name__)


def _visible_group(slug: str) -> WorkingGroup:
    """The group, if the person may know it exists: else sign-in (visitors) or 404."""
    group = services.get_group(slug)
    if group is None:
        abort(404)
    if not can(current_user, "group.view", group):
        # Members-only: a visitor is asked to sign in; to anyone else it does not exist.
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        abort(404)
    return group


def _group_for(slug: str, action: str) -> WorkingGroup:
    group = _visible_group(slug)
    if not can(current_user, action, group):
        abort(403)
    return group


# --- groups --------------------------------------------------------------------------------


@bp.get("/groups/")
def index():
    is_admin = can(current_user, "site.admin")
    return render_template(
        "groups/index.html",
        listing=services.visible_groups(current_user),
        archived=services.archived_groups() if is_admin else [],
        may_create=can(current_user, "group.create"),
    )


@bp.get("/groups/<slug>")
def detail(slug: str):
    group = _visible_group(slug)
    show_members = can(current_user, "group.view_members", group)
    page = request.args.get("page", 1, type=int) or 1
    return render_template(
        "groups/detail.html",
        group=group,
        language_name=LANGUAGE_NAMES.get(group.language, group.language),
        quorum_rule_label=QUORUM_RULE_LABELS[group.quorum_rule],
        description=render_markdown(group.description),
        goals=render_markdown(group.goals),
        members=services.members_by_role_and_organisation(group) if show_members else None,
        # Its meetings (scheduling), open tasks (minutes), date polls (polls) and votes by
        # correspondence come from the domains above.
        **{"meetings": None, "tasks": None, "polls": None, "votes": None, "may_start_vote": False}
        | contributions(group_page, group, user=current_user, page=page, show_members=show_members),
    )


def _group_form_page(form: GroupForm, group: WorkingGroup | None):
    return render_template("groups/form.html", form=form, group=group)


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def create():
    if not can(current_user, "group.create"):
        abort(403)
    form = GroupForm(
        data=None if request.method == "POST" else {"language": "cs", "timezone": "Europe/Prague"}
    )
    if form.validate_on_submit():
        try:
            group = services.create_group(form.fields())
        except services.SlugTakenError:
            form.slug.errors.append(_("This short address is already used by another group."))
        else:
            db.session.commit()
            flash(
                _(
                    "The group %(name)s has been created. Add its chair on the members page.",
                    name=group.name,
                ),
                "success",
            )
            return redirect(url_for("groups.members", slug=group.slug))
    return _group_form_page(form, None)


@bp.route("/groups/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    group = _group_for(slug, "group.edit")
    form = GroupForm(
        group=group, data=None if request.method == "POST" else GroupForm.data_of(group)
    )
    merged = form.merge_with(GroupForm.data_of(group))
    if merged and form.validate_on_submit():
        try:
            services.update_group(group, form.fields())
        except services.SlugTakenError:
            form.slug.errors.append(_("This short address is already used by another group."))
        except services.NumberTakenError as taken:
            form.next_meeting_number.errors.append(
                _(
                    "Meeting no. %(highest)d already exists: the next meeting can be no. "
                    "%(next)d or higher.",
                    highest=taken.highest,
                    next=taken.highest + 1,
                )
            )
        else:
            db.session.commit()
            flash(_("The group has been saved."), "success")
            return redirect(url_for("groups.detail", slug=group.slug))
    return _group_form_page(form, group)


@bp.route("/groups/<slug>/documents", methods=["GET", "POST"])
@login_required
def documents(slug: str):
    """How the group's documents look: the lead organisation's letterhead at the top (set
    on the organisation), the funding statement and logos at the foot."""
    group = _group_for(slug, "group.edit")
    form = DocumentsForm(data=None if request.method == "POST" else DocumentsForm.data_of(group))
    merged = form.merge_with(DocumentsForm.data_of(group))
    if merged and form.validate_on_submit():
        services.update_documents(
            group,
            reference_pattern=form.reference_pattern.data,
            funding_line=form.funding_line.data,
            funding_logo=getattr(form, "logo_upload", None),
            remove_funding_logo=bool(form.remove_funding_logo.data),
            requires_minutes_verification=bool(form.requires_minutes_verification.data),
            attaches_invitation_letter=bool(form.attaches_invitation_letter.data),
            minutes_sections=form.minutes_sections(),
        )
        db.session.commit()
        flash(_("The group's documents have been saved."), "success")
        return redirect(url_for("groups.documents", slug=group.slug))
    return render_template("groups/documents.html", group=group, form=form)


@bp.post("/groups/<slug>/archive")
@login_required
def archive(slug: str):
    group = _group_for(slug, "group.archive")
    if ConfirmForm().validate_on_submit():
        services.archive_group(group)
        db.session.commit()
        flash(
            _(
                "The group has been archived. It no longer appears in lists; its page and "
                "meetings stay."
            ),
            "success",
        )
    return redirect(url_for("groups.detail", slug=group.slug))


@bp.post("/groups/<slug>/unarchive")
@login_required
def unarchive(slug: str):
    group = _group_for(slug, "group.archive")
    if ConfirmForm().validate_on_submit():
        services.unarchive_group(group)
        db.session.commit()
        flash(_("The group is active again."), "success")
    return redirect(url_for("groups.detail", slug=group.slug))


# --- members -------------------------------------------------------------------------------


def _members_page(
    group: WorkingGroup,
    *,
    add_form: AddMemberForm | None = None,
    invite_form: InviteMemberForm | None = None,
    problem: str | None = None,
    problem_membership: int | None = None,
):
    memberships = services.members_by_role(group)
    role_forms = {
        m.id: ChangeRoleForm(formdata=None, prefix=f"m{m.id}", data={"role": m.role.value})
        for _role, people in memberships
        for m in people
    }
    return render_template(
        "groups/members.html",
        group=group,
        members=memberships,
        represented=services.represented_organisation,
        role_forms=role_forms,
        add_form=add_form or AddMemberForm(formdata=None),
        invite_form=invite_form
        or InviteMemberForm(
            formdata=None, data={"role": Role.MEMBER.value, "language": group.language.value}
        ),
        problem=problem,
        problem_membership=problem_membership,
    )


@bp.get("/groups/<slug>/members")
@login_required
def members(slug: str):
    return _members_page(_group_for(slug, "group.manage_members"))


def _organisation(organisation_id: int | None) -> Organisation | None:
    return db.session.get(Organisation, organisation_id) if organisation_id else None


@bp.post("/groups/<slug>/members/add")
@login_required
def add_member(slug: str):
    group = _group_for(slug, "group.manage_members")
    form = AddMemberForm()
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():  # a refusal leaves nothing behind
                membership = services.add_member_by_email(
                    group,
                    form.email.data,
                    Role(form.role.data),
                    _organisation(form.organisation.data),
                )
        except services.MembershipError as error:
            form.email.errors.append(error.message)
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s has been added to the group.",
                    name=membership.user.name,
                ),
                "success",
            )
            return redirect(url_for("groups.members", slug=group.slug))
    return _members_page(group, add_form=form)


@bp.post("/groups/<slug>/members/invite")
@login_required
def invite_member(slug: str):
    group = _group_for(slug, "group.manage_members")
    form = InviteMemberForm()
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():  # a refusal leaves nothing behind
                result = services.invite_member(
                    group,
                    name=form.name.data,
                    email=form.email.data,
                    role=Role(form.role.data),
                    locale=form.language.data,
                    organisation=_organisation(form.organisation.data),
                    next_path=url_for("groups.detail", slug=group.slug),
                )
        except services.MembershipError as error:
            form.email.errors.append(error.message)
        else:
            db.session.commit()
            user = result.membership.user
            if result.created:
                flash(
                    _(
                        "%(name)s has been invited. We have sent an e-mail to %(email)s "
                        "with a link to set a password.",
                        name=user.name,
                        email=user.email,
                    ),
                    "success",
                )
            else:
                flash(
                    _(
                        "%(email)s already has an account (%(name)s), so no new account was "
                        "made: that person has been added to the group.",
                        name=user.name,
                        email=user.email,
                    ),
                    "info",
                )
            return redirect(url_for("groups.members", slug=group.slug))
    return _members_page(group, invite_form=form)


@bp.post("/groups/<slug>/members/<int:membership_id>/role")
@login_required
def change_role(slug: str, membership_id: int):
    group = _group_for(slug, "group.manage_members")
    membership = services.find_membership(group, membership_id)
    if membership is None:
        abort(404)
    form = ChangeRoleForm(prefix=f"m{membership_id}")
    if not form.validate_on_submit():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _members_page(group, problem=message, problem_membership=membership_id)
    try:
        with db.session.begin_nested():
            services.change_role(membership, Role(form.role.data))
    except services.MembershipError as error:
        return _members_page(group, problem=error.message, problem_membership=membership_id)
    db.session.commit()
    flash(_("The role of %(name)s has been changed.", name=membership.user.name), "success")
    return redirect(url_for("groups.members", slug=group.slug))


@bp.post("/groups/<slug>/members/<int:membership_id>/remove")
@login_required
def remove_member(slug: str, membership_id: int):
    group = _group_for(slug, "group.manage_members")
    membership = services.find_membership(group, membership_id)
    if membership is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("groups.members", slug=group.slug))
    name = membership.user.name
    try:
        with db.session.begin_nested():
            services.remove_member(membership)
    except services.MembershipError as error:
        return _members_page(group, problem=error.message, problem_membership=membership_id)
    db.session.commit()
    flash(_("%(name)s has been removed from the group.", name=name), "success")
    if not can(current_user, "group.manage_members", group):
        # Someone who removed themselves no longer manages the group.
        return redirect(url_for("groups.index"))
    return redirect(url_for("groups.members", slug=group.slug))


# --- organisations -------------------------------------------------------------------------


@bp.get("/organisations/")
def organisations():
    query = request.args.get("q", "").strip()
    return render_template(
        "groups/organisations.html",
        organisations=services.search_organisations(query),
        query=query,
        may_manage=can(current_user, "organisation.manage"),
        archived=services.archived_organisations()
        if can(current_user, "organisation.manage") and not query
        else [],
    )


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = services.get_organisation(organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    return render_template(
        "groups/organisation.html",
        organisation=organisation,
        week=services.office_hours_week(organisation),
        weekdays=WEEKDAYS,
        links=services.organisation_links(current_user, organisation),
        description=render_markdown(organisation.description),
        may_manage=can(current_user, "organisation.manage"),
    )


def _organisation_form_page(form: OrganisationForm, organisation: Organisation | None):
    return render_template(
        "groups/organisation_form.html",
        form=form,
        organisation=organisation,
        weekdays=WEEKDAYS,
        split_days=organisation is not None and services.has_split_days(organisation),
    )


def _require_manage_organisations() -> None:
    if not can(current_user, "organisation.manage"):
        abort(403)


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def create_organisation():
    _require_manage_organisations()
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = services.create_organisation(form.fields())
        db.session.commit()
        flash(_("The organisation has been created."), "success")
        return redirect(url_for("groups.organisation", organisation_id=organisation.id))
    return _organisation_form_page(form, None)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_organisation(organisation_id: int):
    _require_manage_organisations()
    organisation = _organisation_or_404(organisation_id)
    data: dict[str, Any] | None = (
        None if request.method == "POST" else OrganisationForm.data_of(organisation)
    )
    form = OrganisationForm(data=data)
    if form.validate_on_submit():
        services.update_organisation(organisation, form.fields())
        db.session.commit()
        flash(_("The organisation has been saved."), "success")
        return redirect(url_for("groups.organisation", organisation_id=organisation.id))
    return _organisation_form_page(form, organisation)


@bp.post("/organisations/<int:organisation_id>/archive")
@login_required
def archive_organisation(organisation_id: int):
    _require_manage_organisations()
    organisation = _organisation_or_404(organisation_id)
    if ConfirmForm().validate_on_submit():
        services.archive_organisation(organisation)
        db.session.commit()
        flash(_("The organisation has been archived. It no longer appears in lists."), "success")
    return redirect(url_for("groups.organisation", organisation_id=organisation.id))


@bp.post("/organisations/<int:organisation_id>/unarchive")
@login_required
def unarchive_organisation(organisation_id: int):
    _require_manage_organisations()
    organisation = _organisation_or_404(organisation_id)
    if ConfirmForm().validate_on_submit():
        services.unarchive_organisation(organisation)
        db.session.commit()
        flash(_("The organisation is active again."), "success")
    return redirect(url_for("groups.organisation", organisation_id=organisation.id))
