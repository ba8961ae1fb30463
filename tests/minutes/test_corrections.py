"""Corrections of approved minutes: a new edition with a reason; the old one stays readable."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from meetings.extensions import db
from meetings.invitations.enums import Attendance
from meetings.invitations.models import Invitation
from meetings.minutes import services
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import MinutesEntry

from .conftest import page


def test_correction_creates_edition_two_and_edition_one_stays_readable(liberec, login_as):
    first = services.minutes_for(liberec.meeting)
    first.entries.append(
        MinutesEntry(agenda_item_id=liberec.items[5].id, text="Bude dohodnut termín.")
    )
    first.state = MinutesState.APPROVED
    first.approved_at = dt.datetime.now(dt.UTC)
    chair_invitation = db.session.scalars(
        select(Invitation).where(
            Invitation.meeting_id == liberec.meeting.id,
            Invitation.user_id == liberec.people.chair.id,
        )
    ).one()
    chair_invitation.attendance = Attendance.EXCUSED
    db.session.flush()
    services.record_revision(first, liberec.people.assistant)

    client = login_as(liberec.people.assistant)
    url = f"/meetings/{liberec.meeting.id}/minutes"
    response = client.post(f"{url}/correction", data={"reason": "Chybný termín v bodě 6."})
    assert (response.status_code, response.location) == (302, f"{url}/edit")
    editions = services.editions_of(liberec.meeting)
    assert [(m.edition, m.state, m.correction_reason) for m in editions] == [
        (1, MinutesState.APPROVED, None),
        (2, MinutesState.DRAFT, "Chybný termín v bodě 6."),
    ]
    assert [e.text for e in editions[1].entries] == ["Bude dohodnut termín."]

    # The correction is edited and saved as edition 2.
    version = editions[1].version
    saved = client.post(
        f"{url}/edit",
        data={"version": str(version), f"item-{liberec.items[5].id}": "Termín je 18. 4. 2018."},
    )
    assert (saved.status_code, saved.location) == (302, f"{url}/edit")
    db.session.expire_all()
    editions = services.editions_of(liberec.meeting)
    assert [(m.edition, m.state) for m in editions] == [
        (1, MinutesState.APPROVED),
        (2, MinutesState.DRAFT),
    ]
    assert [(e.agenda_item_id, e.text) for e in editions[1].entries] == [
        (liberec.items[5].id, "Termín je 18. 4. 2018.")
    ]
    assert editions[1].version == version + 1
    current = page(client.get(url))
    assert "The minutes are saved." in current
    assert "Termín je 18. 4. 2018." in current
    assert "Bude dohodnut termín." not in current
    assert "Correction of edition 1:" in current and "Chybný termín v bodě 6." in current
    assert "Termín je 18. 4. 2018." in page(client.get(f"{url}/edit"))

    # Edition 1 does not change and can still be read.
    old = page(login_as(liberec.people.member).get(f"{url}?edition=1"))
    assert "Bude dohodnut termín." in old
    assert "replaced by a correction" in old
    # Its attendance register as it stood then.
    register = old.split("Attendance register", 1)[1].split("</table>", 1)[0]
    assert liberec.people.chair.name in register and "Excused" in register
    assert "Termín je 18. 4. 2018." not in old
    assert [e.text for e in editions[0].entries] == ["Bude dohodnut termín."]


def test_correction_without_reason_is_refused(liberec, login_as):
    minutes = services.minutes_for(liberec.meeting)
    minutes.state = MinutesState.APPROVED
    minutes.approved_at = dt.datetime.now(dt.UTC)
    db.session.flush()
    response = login_as(liberec.people.chair).post(
        f"/meetings/{liberec.meeting.id}/minutes/correction", data={"reason": ""}
    )
    assert response.status_code == 422
    assert "Give the reason for the correction" in page(response)
    assert len(services.editions_of(liberec.meeting)) == 1


def test_correction_of_draft_is_refused(liberec, login_as):
    services.minutes_for(liberec.meeting)
    response = login_as(liberec.people.chair).post(
        f"/meetings/{liberec.meeting.id}/minutes/correction", data={"reason": "Oprava"}
    )
    assert response.status_code == 403
    assert "Only approved minutes are corrected" in page(response)
