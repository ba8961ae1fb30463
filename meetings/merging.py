"""Two people saving the same form: a three-way merge, field by field.

A form carries, next to its fields, a fingerprint of every value it showed (its *base*).
When the record changed since the form was shown, each field is decided on its own: a
field only one side changed takes that side's value; a field both changed to different
values is a conflict, which the person resolves before anything is written. Fingerprints
rather than the texts keep the form small and say nothing the page does not show already.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

#: The hidden field holding the fingerprints of what the form showed.
BASE_FIELD = "base"


def normalised(value: str | None) -> str:
    """What counts as the same value: browsers send CRLF and may add trailing blanks."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def fingerprint(value: str | None) -> str:
    return hashlib.sha256(normalised(value).encode()).hexdigest()[:16]


def base_of(values: Mapping[str, str | None]) -> str:
    """The hidden field's value for a form showing ``values``."""
    prints = {name: fingerprint(value) for name, value in sorted(values.items())}
    return base64.urlsafe_b64encode(json.dumps(prints, separators=(",", ":")).encode()).decode()


def read_base(token: str | None) -> dict[str, str] | None:
    """The fingerprints a form sent; None when missing or damaged (then nothing is merged)."""
    if not token:
        return None
    try:
        prints = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, UnicodeError):
        return None
    if not isinstance(prints, dict):
        return None
    return {str(k): str(v) for k, v in prints.items() if isinstance(v, str)}


@dataclass
class Merged:
    """The values to save, and the fields both people changed differently."""

    values: dict[str, str]
    conflicts: list[str] = field(default_factory=list)


def merge(
    posted: Mapping[str, str],
    base: Mapping[str, str] | None,
    current: Mapping[str, str],
) -> Merged:
    """Merge what a person sent with what is saved now.

    ``posted``: the form's fields; ``base``: the fingerprints of what the form showed (None
    when unknown: then every field that differs from the saved value is a conflict);
    ``current``: the saved values now, under the same field names. Fields the record no
    longer has (a row removed meanwhile) and new fields keep the sent value.
    """
    values = dict(posted)
    conflicts = []
    for name, mine in posted.items():
        if name not in current or name == BASE_FIELD:
            continue
        theirs = current[name] or ""
        if normalised(mine) == normalised(theirs):
            continue
        shown = None if base is None else base.get(name)
        if shown is not None and fingerprint(mine) == shown:
            values[name] = theirs  # only they changed it
        elif shown is not None and fingerprint(theirs) == shown:
            continue  # only I changed it
        else:
            conflicts.append(name)
    return Merged(values=values, conflicts=conflicts)


def apply_choices(
    sent: MultiDict, posted: MutableMapping[str, str], saved: Mapping[str, str]
) -> list[str]:
    """Apply what the person chose on a conflict page (``sent``: the request's form, with a
    ``conflict`` per field and ``keep-<field>``: "mine" or "theirs") to ``posted``; returns
    the conflicts still undecided."""
    undecided = []
    for name in sent.getlist("conflict"):
        keep = sent.get(f"keep-{name}")
        posted.pop(f"keep-{name}", None)
        if keep == "theirs" and name in saved:
            posted[name] = saved[name]
        elif keep != "mine":
            undecided.append(name)
    return undecided
