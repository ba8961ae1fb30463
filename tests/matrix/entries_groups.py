from sqlalchemy import select

from meetings.extensions import db
from meetings.models import Membership

from .framework import Entry, expect, managers, signed_in


def _membership_id(w, role: str) -> int:
    user = w.people.by_role[role]
    return db.session.scalars(
        select(Membership.id).where(
            Membership.user_id == user.id, Membership.group_id == w.group.id
        )
    ).one()


def _members_url(w, action: str) -> str:
    return f"/groups/{w.group.slug}/members/{_membership_id(w, 'observer')}/{action}"


#: Members-only group: outsiders get 404 (it does not exist for them), anonymous sign in.
_GROUP_ADMIN = signed_in(403, outsider=404, admin=302)
_GROUP_EDITORS = signed_in(403, outsider=404, chair=200, admin=200)
_GROUP_EDITORS_SAVE = signed_in(403, outsider=404, chair=302, admin=302)
_SITE_ADMIN_PAGE = signed_in(403, admin=200)
_SITE_ADMIN_ACTION = signed_in(403, admin=302)

ENTRIES = [
    Entry("groups.index", lambda w: "/groups/", expect(200)),
    Entry(
        "groups.detail",
        lambda w: f"/groups/{w.group.slug}",
        expect(200, anonymous="sign-in", outsider=404),
        note="a members-only group does not exist for outsiders",
    ),
    Entry("groups.create", lambda w: "/groups/new", _SITE_ADMIN_PAGE),
    Entry(
        "groups.create",
        lambda w: "/groups/new",
        _SITE_ADMIN_PAGE,
        method="POST",
        data=lambda w: {"name": ""},
        note="empty name: the admin gets the form again with a message",
    ),
    Entry("groups.edit", lambda w: f"/groups/{w.group.slug}/edit", _GROUP_EDITORS),
    Entry(
        "groups.edit",
        lambda w: f"/groups/{w.group.slug}/edit",
        _GROUP_EDITORS,
        method="POST",
        data=lambda w: {"name": ""},
    ),
    Entry("groups.documents", lambda w: f"/groups/{w.group.slug}/documents", _GROUP_EDITORS),
    Entry(
        "groups.documents",
        lambda w: f"/groups/{w.group.slug}/documents",
        _GROUP_EDITORS_SAVE,
        method="POST",
        data=lambda w: {"funding_line": "Spolufinancováno Evropskou unií."},
    ),
    Entry(
        "groups.archive", lambda w: f"/groups/{w.group.slug}/archive", _GROUP_ADMIN, method="POST"
    ),
    Entry(
        "groups.unarchive",
        lambda w: f"/groups/{w.group.slug}/unarchive",
        _GROUP_ADMIN,
        method="POST",
    ),
    Entry(
        "groups.members",
        lambda w: f"/groups/{w.group.slug}/members",
        managers(200, outsider=404),
    ),
    Entry(
        "groups.add_member",
        lambda w: f"/groups/{w.group.slug}/members/add",
        managers(200, outsider=404),
        method="POST",
        data=lambda w: {"email": "not an address", "role": "member"},
    ),
    Entry(
        "groups.invite_member",
        lambda w: f"/groups/{w.group.slug}/members/invite",
        managers(200, outsider=404),
        method="POST",
        data=lambda w: {"name": "", "email": "", "role": "member", "language": "cs"},
    ),
    Entry(
        "groups.change_role",
        lambda w: _members_url(w, "role"),
        managers(200, outsider=404),
        method="POST",
        data=lambda w: {},
        note="no role chosen: the members page again with a message",
    ),
    Entry(
        "groups.remove_member",
        lambda w: _members_url(w, "remove"),
        managers(302, outsider=404),
        method="POST",
        note="removes the observer",
    ),
    Entry("groups.organisations", lambda w: "/organisations/", expect(200)),
    Entry(
        "groups.organisation",
        lambda w: f"/organisations/{w.organisation.id}",
        expect(200),
        note="organisations are public partner bodies",
    ),
    Entry("groups.create_organisation", lambda w: "/organisations/new", _SITE_ADMIN_PAGE),
    Entry(
        "groups.create_organisation",
        lambda w: "/organisations/new",
        _SITE_ADMIN_PAGE,
        method="POST",
        data=lambda w: {"name": ""},
    ),
    Entry(
        "groups.edit_organisation",
        lambda w: f"/organisations/{w.organisation.id}/edit",
        _SITE_ADMIN_PAGE,
    ),
    Entry(
        "groups.edit_organisation",
        lambda w: f"/organisations/{w.organisation.id}/edit",
        _SITE_ADMIN_PAGE,
        method="POST",
        data=lambda w: {"name": ""},
    ),
    Entry(
        "groups.archive_organisation",
        lambda w: f"/organisations/{w.organisation.id}/archive",
        _SITE_ADMIN_ACTION,
        method="POST",
    ),
    Entry(
        "groups.unarchive_organisation",
        lambda w: f"/organisations/{w.organisation.id}/unarchive",
        _SITE_ADMIN_ACTION,
        method="POST",
    ),
]
