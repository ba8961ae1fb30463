"""A group's letterhead: its lead organisation at the top of every document, its funding
statement and logos at the foot (``documents.letterhead``)."""

from __future__ import annotations

from ..documents.letterhead import Letterhead, stored_image_url
from .models import WorkingGroup


def letterhead_of(group: WorkingGroup) -> Letterhead:
    body = group.lead_organisation
    letterhead = Letterhead(funding_line=group.funding_line or "")
    if group.funding_logo is not None:
        logo = group.funding_logo
        letterhead.funding_logo_url = stored_image_url(logo.id, logo.sha256)
    if body is None:
        return letterhead
    letterhead.name = body.name
    town = " ".join(p for p in (body.postcode, body.city) if p)
    address = ", ".join(p for p in (body.street, town) if p)
    contact = " · ".join(p for p in (body.website, body.email, body.phone) if p)
    letterhead.lines = [
        p for p in (body.department, address, body.registration_number, contact) if p
    ]
    if body.logo is not None:
        letterhead.logo_url = stored_image_url(body.logo.id, body.logo.sha256)
    return letterhead
