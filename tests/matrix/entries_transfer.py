"""Exports: the site admin's of the whole installation, a group's for its chair (and site
admins); an export made is seen, downloaded and deleted only by those who may make one of
its scope, and does not exist for anyone else (404)."""

import datetime as dt

from meetings.extensions import db
from meetings.storage import services as storage
from meetings.transfer.enums import ExportState
from meetings.transfer.models import ExportJob

from .framework import Entry, signed_in


def _export(w, group=True) -> ExportJob:
    key = "group_export" if group else "installation_export"
    if getattr(w, key, None) is None:
        now = dt.datetime.now(dt.UTC)
        job = ExportJob(
            group=w.group if group else None,
            state=ExportState.DONE,
            file=storage.store(b"PK\x05\x06" + bytes(18), "application/zip"),
            filename="meetings-export.zip",
            finished_at=now,
            expires_at=now + dt.timedelta(days=7),
        )
        db.session.add(job)
        db.session.flush()
        setattr(w, key, job)
    return getattr(w, key)


_CHAIR = signed_in(403, outsider=404, chair=200, admin=200)
_CHAIR_PREPARES = signed_in(403, outsider=404, chair=303, admin=303)
#: An export of the group: only its chair and site admins know of it.
_CHAIRS_EXPORT = signed_in(404, chair=200, admin=200)

ENTRIES = [
    Entry("transfer.installation", lambda w: "/admin/export", signed_in(403, admin=200)),
    Entry(
        "transfer.prepare_installation",
        lambda w: "/admin/export",
        signed_in(403, admin=303),
        method="POST",
    ),
    Entry("transfer.group", lambda w: f"/groups/{w.group.slug}/export", _CHAIR),
    Entry(
        "transfer.prepare_group",
        lambda w: f"/groups/{w.group.slug}/export",
        _CHAIR_PREPARES,
        method="POST",
        note="members see the group (403); outsiders do not (404)",
    ),
    Entry("transfer.job", lambda w: f"/exports/{_export(w).id}", _CHAIRS_EXPORT),
    Entry(
        "transfer.job",
        lambda w: f"/exports/{_export(w, group=False).id}",
        signed_in(404, admin=200),
        note="the installation's export: site admins only",
    ),
    Entry("transfer.download", lambda w: f"/exports/{_export(w).id}/download", _CHAIRS_EXPORT),
    Entry(
        "transfer.download",
        lambda w: f"/exports/{_export(w, group=False).id}/download",
        signed_in(404, admin=200),
    ),
    Entry(
        "transfer.delete",
        lambda w: f"/exports/{_export(w).id}/delete",
        signed_in(404, chair=303, admin=303),
        method="POST",
    ),
]
