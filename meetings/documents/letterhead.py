"""The letterhead of a group's documents: the lead organisation's name, address,
registration number, web and logo at the top; the funding statement and logos (EU
projects must show them on every document) at the foot. Plain values for the print
templates (``templates/print/_letterhead.html``); images are named by a URL the document
fetcher reads from shared storage (``weasy.StaticFilesFetcher``)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from .pdf import DOCUMENT_ORIGIN

#: Images a letterhead may carry (checked on upload: ``images.read_logo``).
LOGO_TYPES = ("image/png", "image/jpeg")


@dataclass
class Letterhead:
    #: The issuing body and its unit, e.g. "Krajský úřad Libereckého kraje".
    name: str = ""
    lines: list[str] = field(default_factory=list)
    logo_url: str = ""
    funding_line: str = ""
    funding_logo_url: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.funding_line or self.funding_logo_url)


def stored_image_url(file_id: int, sha256: str) -> str:
    """The address a document names a stored image by: its id and checksum (a changed
    image is a new address, so a document that shows it is a new version)."""
    return f"{DOCUMENT_ORIGIN}files/{file_id}/{sha256}"


#: A logo larger than this is refused (letterheads print at a few centimetres).
MAX_LOGO_BYTES = 2 * 1024 * 1024
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


class LogoRefused(ValueError):
    """The file is not a PNG or JPEG image of a usable size; the message says so."""


def logo_type(data: bytes) -> str:
    """The content type of an uploaded logo, after reading it as an image: PNG or JPEG,
    at most 2 MB and 4,000 pixels a side (a renamed or broken file is refused)."""
    from flask_babel import gettext as _
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(_("A logo may be at most 2 MB."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = _FORMATS.get(image.format or "")
            size = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise LogoRefused(_("The logo must be a PNG or JPEG image.")) from error
    if kind is None:
        raise LogoRefused(_("The logo must be a PNG or JPEG image."))
    if max(size) > 4000:
        raise LogoRefused(_("A logo may be at most 4,000 pixels wide and high."))
    return kind
