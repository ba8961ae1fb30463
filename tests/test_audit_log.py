"""The audit log: official and security-relevant acts recorded with who, when and from
where, in the same transaction as the act; an admin page to filter them; no way to change
or remove an entry, not even in SQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from meetings.audit.models import AppendOnlyError, AuditEntry
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.models import Membership

from .auth.helpers import sign_in


def _acts() -> list[tuple[str, str | None, str | None]]:
    return [
        (e.action, e.actor_email, e.detail)
        for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))
    ]


def test_sign_ins_and_their_failures_are_recorded_with_the_address(client, people):
    office = {"REMOTE_ADDR": "192.0.2.44"}
    sign_in(client, "member@example.org", "wrong password", environ_base=office)
    sign_in(client, "member@example.org", environ_base=office)
    client.post("/auth/sign-out", environ_base=office)
    assert _acts() == [
        ("auth.sign_in_failed", None, "member@example.org"),
        ("auth.signed_in", "member@example.org", None),
        ("auth.signed_out", "member@example.org", None),
    ]
    assert {e.address for e in db.session.scalars(sa.select(AuditEntry))} == {"192.0.2.44"}


def test_a_role_change_is_recorded_with_who_did_it(people, login_as):
    client = login_as(people.chair)
    membership = db.session.scalars(
        sa.select(Membership).where(Membership.user_id == people.member.id)
    ).one()
    response = client.post(
        f"/groups/{people.group.slug}/members/{membership.id}/role",
        data={f"m{membership.id}-role": "assistant"},
    )
    assert response.status_code == 302
    [entry] = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "groups.role_changed")
    ).all()
    assert (entry.actor_email, entry.group_id) == ("chair@example.org", people.group.id)
    assert entry.detail == f"{people.member.name}: member → assistant"
    assert membership.role == Role.ASSISTANT


def test_the_admin_filters_the_log(client, people, login_as):
    for _ in range(3):
        sign_in(client, "chair@example.org", "wrong password")
    sign_in(client, "member@example.org")
    admin = login_as(people.admin)
    page = admin.get("/admin/audit", query_string={"action": "auth.sign_in_failed"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "3 entries" in html
    assert html.count("chair@example.org") == 3
    assert "Signed in</td>" not in html

    page = admin.get("/admin/audit", query_string={"person": "member@"})
    assert "1 entry" in page.get_data(as_text=True)

    # A filter that makes no sense is explained, not a 500.
    page = admin.get("/admin/audit", query_string={"since": "9999-01-01", "action": "x"})
    assert page.status_code == 422
    assert "Enter a date between 1900 and 2199." in page.get_data(as_text=True)


def test_entries_are_never_changed_or_removed(client, people):
    sign_in(client, "member@example.org", "wrong password")
    entry = db.session.scalars(sa.select(AuditEntry)).one()
    entry.detail = "someone else"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    entry = db.session.scalars(sa.select(AuditEntry)).one()
    with pytest.raises(AppendOnlyError):
        db.session.delete(entry)
        db.session.flush()
    db.session.rollback()
    # Not even in SQL, past the application.
    for statement in ("UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DatabaseError), db.session.begin_nested():
            db.session.execute(sa.text(statement))
    assert db.session.scalars(sa.select(AuditEntry.detail)).all() == ["member@example.org"]


def test_nothing_is_recorded_for_an_act_that_was_not_saved(people, login_as):
    """The entry is part of the act's transaction: a refused change leaves no entry."""
    client = login_as(people.chair)
    chair = db.session.scalars(
        sa.select(Membership).where(Membership.user_id == people.chair.id)
    ).one()
    # The only chair cannot become a member: refused, nothing recorded.
    client.post(
        f"/groups/{people.group.slug}/members/{chair.id}/role", data={f"m{chair.id}-role": "member"}
    )
    assert [a for a, _who, _d in _acts() if a == "groups.role_changed"] == []


def test_the_log_is_read_page_by_page_with_the_filter_kept(client, people, login_as):
    for n in range(53):
        sign_in(client, f"guess{n}@example.org", "wrong password")
    sign_in(client, "member@example.org")
    admin = login_as(people.admin)
    first = admin.get("/admin/audit", query_string={"action": "auth.sign_in_failed"})
    html = first.get_data(as_text=True)
    assert "53 entries" in html and "Page 1 of 2" in html
    # Newest first.
    assert html.index("guess52@example.org") < html.index("guess10@example.org")
    assert "/admin/audit?page=2&amp;action=auth.sign_in_failed" in html
    second = admin.get("/admin/audit", query_string={"action": "auth.sign_in_failed", "page": 2})
    assert "guess0@example.org" in second.get_data(as_text=True)
    assert "guess52@example.org" not in second.get_data(as_text=True)


def test_the_page_costs_the_same_queries_however_long_the_log(app, client, people, login_as):
    from .conftest import count_queries

    def statements() -> int:
        admin = login_as(people.admin)
        with count_queries(app) as counter:
            assert admin.get("/admin/audit").status_code == 200
        return len(counter.statements)

    sign_in(client, "member@example.org", "wrong password")
    few = statements()
    for n in range(40):
        sign_in(client, f"guess{n}@example.org", "wrong password")
    assert statements() == few
