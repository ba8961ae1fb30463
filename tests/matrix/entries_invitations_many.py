"""Inviting many at once and exporting the answers: the invitee list is the managers'
(the group's assistant and chair, the admin); members get 403, others 404."""

import io

from .framework import Entry, managers


def _csv_upload(w) -> dict:
    return {
        "file": (
            io.BytesIO("Jméno;E-mail\r\nAnna Nováková;anna@example.org\r\n".encode()),
            "a.csv",
        ),
        "role": "required",
    }


ENTRIES = [
    Entry(
        "invitations.invite_many",
        lambda w: f"/meetings/{w.meeting.id}/invitations/many",
        managers(200, outsider=404),
        note="the page with the three ways to invite many",
    ),
    Entry(
        "invitations.invite_organisation",
        lambda w: f"/meetings/{w.meeting.id}/invitations/organisation",
        managers(200, outsider=404),
        method="POST",
        data=lambda w: {"organisation_id": str(w.organisation.id), "role": "required"},
        note="the organisation's people as a preview: nothing is invited yet",
    ),
    Entry(
        "invitations.preview_list",
        lambda w: f"/meetings/{w.meeting.id}/invitations/list",
        managers(200, outsider=404),
        method="POST",
        data=lambda w: {"addresses": "Anna Nováková <anna@example.org>", "role": "required"},
        note="the preview: nothing is invited yet",
    ),
    Entry(
        "invitations.preview_csv",
        lambda w: f"/meetings/{w.meeting.id}/invitations/csv",
        managers(200, outsider=404),
        method="POST",
        data=_csv_upload,
        note="the preview: nothing is invited yet",
    ),
    Entry(
        "invitations.confirm_list",
        lambda w: f"/meetings/{w.meeting.id}/invitations/list/confirm",
        managers(302, outsider=404),
        method="POST",
        data=lambda w: {
            "rows": '[[1, "Anna Nováková", "anna@example.org", ""]]',
            "role": "required",
        },
    ),
    Entry(
        "invitations.export_answers",
        lambda w: f"/meetings/{w.meeting.id}/invitations/export.xlsx",
        managers(200, outsider=404),
        note="names, addresses and answers: the managers' (CSV alike)",
    ),
]
