"""Inviting many people at once: every person with an account at an organisation, or a
list of addresses pasted from a mail program or a spreadsheet, or a CSV file.

A list is read (``read_pasted``, ``read_csv``), checked against itself and the meeting
(``preview_list``: invalid addresses, addresses twice in the list, people invited
already) and shown before anything is sent. The page of the preview carries the rows it
shows (``rows_to_text``/``rows_from_text``) in its confirm form, so that confirming on any
server invites exactly what was shown; the rows are checked again then
(``invite_listed``). Each new invitee is invited by ``services.add_guest``, as one guest
is: linked to their account when the address has one, the invitation sent at once for a
scheduled meeting.

Pasted lines may be written as mail programs and spreadsheets give them::

    Jana Nováková <jana@example.cz>
    jana@example.cz
    Nováková Jana; jana@example.cz
    "Nováková, Jana" <jana@example.cz>
    Jana Nováková <jana@example.cz>; Petr Novák <petr@example.cz>
    Jana Nováková<TAB>jana@example.cz<TAB>Krajský úřad   (cells copied from Excel)

A CSV file has the columns name, e-mail address and (optionally) organisation, in any
order; a header row is recognised by having no address in it (its words, in any of our
languages, then say which column is which). UTF-8 with or without a BOM, or Windows-1250
as Czech Excel saves "CSV (oddělený středníkem)"; separated by semicolons or commas.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import logging
import re
from dataclasses import dataclass, field
from email.utils import getaddresses

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.models import Organisation, User
from ..extensions import db
from .enums import ParticipantRole
from .invitees import InvitationError, invitations_of, invitee_email
from .models import Invitation
from .services import add_guest, ensure_changeable

log = logging.getLogger(__name__)

#: Most people invited from one list.
MAX_ROWS = 500
#: Largest CSV file (and pasted text) read.
MAX_BYTES = 1024 * 1024
#: Longest name and address an invitation keeps (the columns' sizes).
MAX_NAME = 200
MAX_EMAIL = 254


class ListError(Exception):
    """A list that cannot be read at all; ``message`` says why, in the person's words."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


class Problem(enum.StrEnum):
    """Why a row of a list is not invited."""

    INVALID = "invalid"
    DUPLICATE = "duplicate"
    INVITED = "invited"
    NAME_TOO_LONG = "name_too_long"


PROBLEM_LABELS = {
    Problem.INVALID: _l("Not a valid e-mail address"),
    Problem.DUPLICATE: _l("Twice in the list"),
    Problem.INVITED: _l("Invited already"),
    Problem.NAME_TOO_LONG: _l("The name is too long (at most %(max)d characters)", max=MAX_NAME),
}


@dataclass(frozen=True)
class Listed:
    """One row of a list as read: where it was (line of the text or file), a name (may be
    empty), the address as written, and an organisation's name (CSV, may be empty)."""

    line: int
    name: str
    email: str
    organisation: str = ""


@dataclass
class PreviewRow:
    listed: Listed
    #: The address in the form it is stored (lower case); "" when it is not valid.
    address: str
    problem: Problem | None
    organisation_id: int | None = None
    #: The organisation's name as the app knows it ("" when none).
    organisation_name: str = ""
    #: The list named an organisation the app does not know: invited without one.
    organisation_unknown: bool = False


@dataclass
class Preview:
    rows: list[PreviewRow]
    #: How many rows have each problem.
    problems: dict[Problem, int] = field(default_factory=dict)

    @property
    def to_invite(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.problem is None]


# --- reading a pasted list -----------------------------------------------------------------


def _split_outside_quotes(line: str, separators: str) -> list[str]:
    """Split at any of ``separators`` outside double quotes and angle brackets."""
    parts, current, quoted, angled = [], [], False, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            angled = True
        elif char == ">" and not quoted:
            angled = False
        if char in separators and not quoted and not angled:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


def _clean_name(name: str) -> str:
    return " ".join(name.replace('"', " ").split())


def _clean_address(address: str) -> str:
    address = address.strip().strip("<>").strip()
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    return address


_NAME_AND_ADDRESS = re.compile(r"\s*(?P<name>[^<>]*?)\s*<\s*(?P<address>[^<>\s]*)\s*>\s*")


def _entries_of_line(line: str) -> list[tuple[str, str, str]]:
    """(name, address, organisation) of the people one pasted line names."""
    chunks = [c for c in _split_outside_quotes(line, ";\t") if c]
    if not chunks:
        return []
    with_address = [c for c in chunks if "@" in c]
    if any("<" in c for c in chunks) or len(with_address) == len(chunks):
        # Addresses as a mail program writes them, one or several (";" or ",").
        entries = []
        for chunk in chunks:
            one = _NAME_AND_ADDRESS.fullmatch(chunk)
            if one is not None:
                # Name <address>: the name as written, commas and all.
                entries.append((_clean_name(one["name"]), _clean_address(one["address"]), ""))
                continue
            parsed = [(n, a) for n, a in getaddresses([chunk]) if n or a]
            if not parsed or any(_valid_address(_clean_address(a)) is None for _n, a in parsed):
                # Not an address getaddresses can read: shown as written, as invalid.
                entries.append(("", chunk, ""))
                continue
            entries.extend((_clean_name(n), _clean_address(a), "") for n, a in parsed)
        return entries
    # Cells: a name, an address and maybe an organisation, in any order.
    address = with_address[0] if with_address else ""
    others = [c for c in chunks if c != address]
    name = others[0] if others else ""
    organisation = others[1] if len(others) > 1 else ""
    if not address and len(others) == 1:
        # One thing with no "@": the address is what is wrong.
        name, address = "", others[0]
    return [(_clean_name(name), _clean_address(address), " ".join(organisation.split()))]


def read_pasted(text: str) -> list[Listed]:
    """The people of a pasted list, in its order. Raises ListError for an empty list or
    one beyond the limits."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ListError(
            _l("The list is too long: at most %(kb)d kB can be read at once.", kb=MAX_BYTES // 1024)
        )
    listed = []
    for number, line in enumerate(text.splitlines(), start=1):
        for name, address, organisation in _entries_of_line(line.strip()):
            listed.append(Listed(number, name, address, organisation))
    return _within_limits(listed)


def _within_limits(listed: list[Listed]) -> list[Listed]:
    if not listed:
        raise ListError(_l("The list has no addresses."))
    if len(listed) > MAX_ROWS:
        raise ListError(
            _l(
                "The list has %(count)d rows; at most %(max)d people can be invited at once. "
                "Split it into smaller lists.",
                count=len(listed),
                max=MAX_ROWS,
            )
        )
    return listed


# --- reading a CSV file ---------------------------------------------------------------------

#: Words of a header row (lower case, in our languages and as spreadsheets name them).
_EMAIL_WORDS = re.compile(r"mail|adres|cím|pasts|epasts")
_NAME_WORDS = re.compile(r"name|jméno|meno|příjmení|priezvisko|név|vārds|uzvārds|osoba|person")
_ORGANISATION_WORDS = re.compile(
    r"organi|szervezet|instituc|iestāde|firma|company|úřad|úrad|zaměstnavatel|employer"
)


def _decode(data: bytes) -> str:
    """The text of the file: UTF-8 (with or without BOM), else Windows-1250 (Czech and
    Slovak Excel's "CSV"), which decodes nearly any bytes, so binary files are refused
    before."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ListError(
            _l(
                "This is an Excel workbook, not a CSV file. In Excel choose "
                "“Save as” and the type “CSV UTF-8”, then upload that file."
            )
        )
    if b"\x00" in data:
        raise ListError(_l("This file is not a CSV file. Upload a CSV file saved as text."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1250")
    except UnicodeDecodeError:
        raise ListError(
            _l("The file's characters cannot be read. Save it as “CSV UTF-8” and try again.")
        ) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Semicolons (Czech, Slovak, Hungarian and Latvian Excel) or commas, as csv.Sniffer
    judges from the start of the file; a single column counts as either. Where every line
    has as many semicolons, they separate: Excel quotes only cells holding its separator,
    so "Nováková, Jana;jana@example.cz" has a comma the sniffer would pick."""
    sample = text[: 64 * 1024]
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    semicolons = {line.count(";") for line in lines}
    if len(semicolons) == 1 and semicolons != {0} and '"' not in sample:
        dialect = csv.excel()
        dialect.delimiter = ";"
        return dialect
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        dialect = csv.excel()
        dialect.delimiter = max(";,\t", key=first.count) if any(c in first for c in ";,\t") else ";"
        return dialect


def _columns(header: list[str], rows: list[list[str]]) -> tuple[list[int], int, int | None]:
    """(name columns, e-mail column, organisation column): from the header's words where
    it has them, else the column with the addresses, the one before or after it the name."""
    names = [i for i, h in enumerate(header) if _NAME_WORDS.search(h.casefold())]
    emails = [i for i, h in enumerate(header) if _EMAIL_WORDS.search(h.casefold())]
    organisations = [i for i, h in enumerate(header) if _ORGANISATION_WORDS.search(h.casefold())]
    width = max((len(r) for r in rows), default=len(header))
    if emails:
        email = emails[0]
    else:
        with_at = [sum(1 for r in rows if i < len(r) and "@" in r[i]) for i in range(width)]
        email = max(range(width), key=lambda i: with_at[i]) if width else 0
    names = [i for i in names if i != email]
    organisation = next((i for i in organisations if i != email and i not in names), None)
    if not names:
        rest = [i for i in range(width) if i not in (email, organisation)]
        names = rest[:1]
        if organisation is None and len(rest) > 1:
            organisation = rest[1]
    return names, email, organisation


def read_csv(data: bytes) -> list[Listed]:
    """The people of a CSV file (see the module's docstring). Raises ListError for a file
    too large, unreadable, empty or with too many rows."""
    if len(data) > MAX_BYTES:
        raise ListError(
            _l(
                "The file is too large: at most %(kb)d kB can be read at once. "
                "Split the list into smaller files.",
                kb=MAX_BYTES // 1024,
            )
        )
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    records: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            cells = [c.strip() for c in row]
            if any(cells):
                records.append((reader.line_num, cells))
    except csv.Error:
        raise ListError(
            _l("The file cannot be read as CSV. Save it as “CSV UTF-8” and try again.")
        ) from None
    if not records:
        raise ListError(_l("The list has no addresses."))
    header: list[str] = []
    if not any("@" in cell for cell in records[0][1]):
        header = records.pop(0)[1]
    if len(records) > MAX_ROWS:
        _within_limits([Listed(0, "", "")] * len(records))
    names, email, organisation = _columns(header, [row for _line, row in records])

    def cell(row: list[str], index: int | None) -> str:
        return row[index] if index is not None and index < len(row) else ""

    listed = [
        Listed(
            line,
            _clean_name(" ".join(cell(row, i) for i in names)),
            _clean_address(cell(row, email)),
            " ".join(cell(row, organisation).split()),
        )
        for line, row in records
    ]
    return _within_limits(listed)


# --- carrying a list through the confirm form ------------------------------------------------


def rows_to_text(listed: list[Listed]) -> str:
    """The rows as the confirm form carries them (JSON)."""
    return json.dumps(
        [[r.line, r.name, r.email, r.organisation] for r in listed], ensure_ascii=False
    )


def rows_from_text(text: str) -> list[Listed]:
    """The rows a confirm form carried; ListError when they are not what it was given."""
    try:
        rows = json.loads(text or "")
        listed = [
            Listed(int(line), str(name), str(email), str(organisation))
            for line, name, email, organisation in rows
        ]
    except (ValueError, TypeError):
        raise ListError(_l("The list could not be read back. Please send it again.")) from None
    if any(len(r.name) > 10 * MAX_NAME or len(r.email) > 10 * MAX_EMAIL for r in listed):
        raise ListError(_l("The list could not be read back. Please send it again."))
    return _within_limits(listed)


# --- checking a list ------------------------------------------------------------------------


def _valid_address(address: str) -> str | None:
    """The address as stored (lower case) if it is one a guest may be invited at (the
    guest form's rule), else None."""
    if not address or len(address) > MAX_EMAIL or any(c.isspace() for c in address):
        return None
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None
    return address.lower()


def _organisations_by_name() -> dict[str, Organisation]:
    """Organisations not archived, by their name and short name (case does not count)."""
    known: dict[str, Organisation] = {}
    for organisation in db.session.scalars(
        select(Organisation).where(Organisation.archived_at.is_(None)).order_by(Organisation.id)
    ):
        for key in (organisation.short_name, organisation.name):
            if key:
                known.setdefault(" ".join(key.split()).casefold(), organisation)
    return known


def preview_list(meeting, listed: list[Listed], *, organisation_id: int | None = None) -> Preview:
    """Each row with its problem, if any: an invalid address, an address met earlier in
    the list, a person invited already (by address, or by the account the address
    belongs to). ``organisation_id``: the organisation of everyone whose row names none.
    Raises InvitationError when the meeting's invitees can no longer change. A few queries
    however long the list."""
    ensure_changeable(meeting)
    invitations = invitations_of(meeting)
    invited = {invitee_email(i).lower() for i in invitations if invitee_email(i)}
    invited_users = {i.user_id for i in invitations if i.user_id is not None}
    addresses = {a for a in (_valid_address(r.email) for r in listed) if a is not None}
    accounts = (
        {
            user.email: user.id
            for user in db.session.scalars(select(User).where(User.email.in_(addresses)))
        }
        if addresses
        else {}
    )
    organisations = _organisations_by_name() if any(r.organisation for r in listed) else {}
    default = db.session.get(Organisation, organisation_id) if organisation_id else None
    seen: set[str] = set()
    rows: list[PreviewRow] = []
    for entry in listed:
        address = _valid_address(entry.email)
        if address is None:
            problem: Problem | None = Problem.INVALID
        elif address in seen:
            problem = Problem.DUPLICATE
        elif address in invited or accounts.get(address) in invited_users:
            problem = Problem.INVITED
        elif len(entry.name) > MAX_NAME:
            problem = Problem.NAME_TOO_LONG
        else:
            problem = None
        if address is not None:
            seen.add(address)
        organisation = default
        unknown = False
        if entry.organisation:
            organisation = organisations.get(entry.organisation.casefold())
            unknown = organisation is None
        rows.append(
            PreviewRow(
                listed=entry,
                address=address or "",
                problem=problem,
                organisation_id=organisation.id if organisation else None,
                organisation_name=organisation.name if organisation else "",
                organisation_unknown=unknown,
            )
        )
    problems: dict[Problem, int] = {}
    for row in rows:
        if row.problem is not None:
            problems[row.problem] = problems.get(row.problem, 0) + 1
    return Preview(rows=rows, problems=problems)


def invite_listed(
    meeting,
    listed: list[Listed],
    *,
    organisation_id: int | None = None,
    role: ParticipantRole = ParticipantRole.REQUIRED,
    locale: str | None = None,
) -> tuple[list[Invitation], Preview]:
    """Invite every row of the list without a problem (checked again now: someone may
    have been invited meanwhile), each as ``services.add_guest`` invites a guest.

    Side effects: see ``add_guest`` for each (Invitation rows; their e-mails queued for a
    scheduled meeting); flushes, logs. Returns the new invitations and the preview they
    were chosen by. Raises InvitationError when the meeting's invitees can no longer
    change.
    """
    preview = preview_list(meeting, listed, organisation_id=organisation_id)
    created = []
    for row in preview.to_invite:
        try:
            invitation = add_guest(
                meeting,
                name=row.listed.name,
                email=row.address,
                organisation_id=row.organisation_id,
                role=role,
                locale=locale,
            )
        except InvitationError:
            # Invited under another spelling of the same account meanwhile.
            row.problem = Problem.INVITED
            continue
        created.append(invitation)
    log.info("meeting %s: %d people invited from a list", meeting.id, len(created))
    return created, preview


# --- the people of an organisation ------------------------------------------------------------


def organisation_people(organisation: Organisation) -> list[Listed]:
    """Everyone with an enabled account at the organisation, by name, as a list to preview
    and confirm like a pasted one (people invited already are marked there). One query."""
    people = db.session.scalars(
        select(User)
        .where(User.organisation_id == organisation.id, User.is_enabled.is_(True))
        .order_by(User.name, User.id)
    ).all()
    return [Listed(number, p.name, p.email) for number, p in enumerate(people, start=1)]
