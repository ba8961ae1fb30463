"""A group exported from one installation and imported into another (``--merge``) keeps its
meetings, agendas, minutes, decisions and files; people are found by e-mail."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.models import (
    AgendaItem,
    Attachment,
    Decision,
    Meeting,
    Membership,
    Minutes,
    MinutesRevision,
    SearchDocument,
    User,
    WorkingGroup,
)
from meetings.storage import services as storage

from .. import factories
from .conftest import DEMO_GROUP as SLUG
from .conftest import records, records_manifest


def _group_state(slug: str) -> dict:
    """What the group holds, by value (no ids): to compare two installations."""
    group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == slug)).one()
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.number, Meeting.title)
    ).all()
    ids = [m.id for m in meetings]
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id.in_(ids)).order_by(AgendaItem.id)
    ).all()
    minutes = db.session.scalars(
        select(Minutes).where(Minutes.meeting_id.in_(ids)).order_by(Minutes.id)
    ).all()
    decisions = db.session.scalars(
        select(Decision).where(Decision.group_id == group.id).order_by(Decision.id)
    ).all()
    attachments = db.session.scalars(
        select(Attachment).where(Attachment.meeting_id.in_(ids)).order_by(Attachment.id)
    ).all()
    members = db.session.scalars(select(Membership).where(Membership.group_id == group.id)).all()
    return {
        "group": (group.name, group.language, group.timezone, group.meeting_counter),
        "meetings": [(m.number, m.title, m.status, m.starts_at, m.uid) for m in meetings],
        "agenda": sorted(
            (i.meeting.number, i.position, i.title, i.parent.title if i.parent else None)
            for i in items
        ),
        "minutes": [
            (m.meeting.number, m.state, m.opening, sorted(e.text for e in m.entries))
            for m in minutes
        ],
        "pdfs": [storage.read(m.pdf_file) for m in minutes if m.pdf_file is not None],
        "decisions": [(d.meeting.number, d.sequence, d.text) for d in decisions],
        "files": [(a.filename, storage.read(a.file)) for a in attachments],
        "sheets": [storage.read(m.signed_sheet) for m in meetings if m.signed_sheet],
        "members": sorted((m.user.email, m.role) for m in members),
    }


def test_group_merged_into_another_installation_keeps_its_meetings_minutes_and_files(
    demo, installation
):
    a, b = demo.installation, installation("b")
    with a.app.app_context():
        expected = _group_state(SLUG)
    exported = demo.group
    # The other installation: its own groups, meetings and files (so that the ids differ),
    # and the group's chair already has an account there.
    with b.app.app_context():
        own = factories.make_group("Pracovní skupina Doprava", slug="doprava")
        for n in range(3):
            factories.make_meeting(own, title=f"Doprava {n}")
        storage.store(b"a file of B", "text/plain")
        local = factories.make_user("chair@demo.example", "Jana Místní")
        factories.add_member(local, own, Role.MEMBER)
        db.session.commit()
        local_id = local.id
        users_before = db.session.scalar(select(func.count()).select_from(User))

    result = b.cli("import", str(exported), "--merge")

    assert result.exit_code == 0, result.output
    assert f"Added the group “{SLUG}”" in result.output
    with b.app.app_context():
        assert _group_state(SLUG) == expected
        group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == SLUG)).one()
        chair = db.session.scalars(
            select(Membership).where(Membership.group_id == group.id, Membership.role == Role.CHAIR)
        ).one()
        # The person found by e-mail: the account here, as it is here.
        assert (chair.user_id, chair.user.name) == (local_id, "Jana Místní")
        added = db.session.scalars(select(User).where(User.id > local_id)).all()
        exported_people = {u["email"] for u in records(exported, "users")}
        assert {u.email for u in added} == exported_people - {"chair@demo.example"}
        assert len(added) == db.session.scalar(select(func.count()).select_from(User)) - (
            users_before
        )
        # Everyone else gets a pending account: no password, no rights.
        assert all(u.password_hash is None and not u.is_admin for u in added)
        # The group's meetings are found by the search here.
        assert db.session.scalar(
            select(func.count())
            .select_from(SearchDocument)
            .where(SearchDocument.group_id == group.id)
        )
        # A revision of the minutes keys its texts by the agenda items' new ids.
        revision = db.session.scalars(
            select(MinutesRevision).join(Minutes).join(Meeting).where(Meeting.group_id == group.id)
        ).first()
        item_ids = {
            f"item-{i}"
            for i in db.session.scalars(
                select(AgendaItem.id).where(AgendaItem.meeting_id == revision.minutes.meeting_id)
            )
        }
        assert set(revision.content["items"]) <= item_ids and revision.content["items"]


def test_group_merged_twice_needs_another_address_and_gets_new_calendar_uids(demo, installation):
    b, exported = installation("b"), demo.group
    assert b.cli("import", str(exported), "--merge").exit_code == 0
    before = b.counts()

    again = b.cli("import", str(exported), "--merge")

    assert again.exit_code != 0
    assert "exists here already" in again.output and "--as" in again.output
    assert "nothing was imported" in again.output
    assert b.counts() == before

    copy = b.cli("import", str(exported), "--merge", "--as", "kopie")

    assert copy.exit_code == 0, copy.output
    with b.app.app_context():
        uids = Counter(db.session.scalars(select(Meeting.uid)))
        titles = Counter(
            db.session.scalars(
                select(Meeting.title).join(WorkingGroup).where(WorkingGroup.slug == "kopie")
            )
        )
    assert max(uids.values()) == 1
    assert sum(titles.values()) == len(records(exported, "meetings"))


def test_group_export_holds_the_group_only_and_people_without_passwords(demo):
    exported = demo.group

    groups = records(exported, "working_groups")
    assert [g["slug"] for g in groups] == [SLUG]
    person = {"id", "email", "name", "organisation_id", "locale", "timezone", "grammatical_gender"}
    users = records(exported, "users")
    assert users and all(set(u) == person for u in users)
    meetings = records(exported, "meetings")
    assert {m["group_id"] for m in meetings} == {groups[0]["id"]}
    # A joint meeting's other groups are not part of it.
    assert {row["group_id"] for row in records(exported, "meeting_groups")} <= {groups[0]["id"]}
    # Other organisations' office hours stay behind.
    assert records(exported, "office_hours") == []


def test_organisations_of_a_group_come_with_their_office_hours(demo):
    exported = demo.installation.export("--group", "ksk-socialny-rozvoj")

    organisations = {o["id"] for o in records(exported, "organisations")}
    hours = records(exported, "office_hours")
    assert len(hours) == 5
    assert {h["organisation_id"] for h in hours} <= organisations


def test_organisation_found_here_keeps_its_own_office_hours_and_logo(demo, installation):
    from meetings.models import OfficeHours, Organisation, StoredFile

    b = installation("b")
    with b.app.app_context():
        here = factories.make_organisation("Úrad Košického samosprávneho kraja")
        db.session.commit()
        here_id = here.id
    exported = demo.installation.export("--group", "ksk-socialny-rozvoj")

    result = b.cli("import", str(exported), "--merge")

    assert result.exit_code == 0, result.output
    with b.app.app_context():
        group = db.session.scalars(
            select(WorkingGroup).where(WorkingGroup.slug == "ksk-socialny-rozvoj")
        ).one()
        assert group.lead_organisation_id == here_id
        assert (
            db.session.scalars(
                select(OfficeHours).where(OfficeHours.organisation_id == here_id)
            ).all()
            == []
        )
        named = db.session.scalars(
            select(func.count()).select_from(Organisation).where(Organisation.name == here.name)
        ).one()
        assert named == 1
        # The files came along except the logo of the organisation found here.
        manifest = records_manifest(exported)
        referred = set()
        for table in manifest["tables"]:
            columns = [
                name
                for name, column in table["columns"].items()
                if column.get("references") == "stored_files.id"
            ]
            for row in records(exported, table["name"]):
                if table["name"] == "organisations" and row["name"] == here.name:
                    continue
                referred.update(row[name] for name in columns if row[name] is not None)
        assert db.session.scalar(select(func.count()).select_from(StoredFile)) == len(referred)
