"""An official document (published minutes, the record of a vote by correspondence):
rendered as PDF/A and, where the site has a signing key, signed with a visible stamp over
the box the template marks. Its maker names the failure type, template, box and words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .failures import DocumentFailed
from .pdf import render_document
from .signing import SignatureField, SignatureStamp, SigningError, SigningKey, sign_pdf

#: ``key=CONFIGURED`` signs with the key named in the configuration, if any.
CONFIGURED: Any = object()


def load_signer(key: SigningKey | None, failure: type[DocumentFailed]) -> Any:
    """The loaded signing key (None: the document stays unsigned); ``failure`` if it
    cannot be loaded."""
    if key is CONFIGURED:
        key = SigningKey.from_config()
    try:
        return key.load() if key is not None else None
    except SigningError as error:
        raise failure(error.problem, error.detail) from error


@dataclass(frozen=True)
class Signature:
    """Where and how the document is signed: the template's box (an element id), the
    field's name, and the words (reason, place) in the document's language."""

    anchor: str
    field: str
    reason: str
    location: str | None = None


def render_signed(
    template: str,
    context: dict[str, Any],
    lang: str,
    *,
    signer: Any,
    signature: Signature,
    stamp: Callable[[], SignatureStamp],
    failure: type[DocumentFailed],
) -> bytes:
    """The template rendered as PDF/A and, with a signer, signed over its signature box
    with the visible ``stamp()``. Raises ``failure`` ("render", or the signing problem)."""
    try:
        rendered = render_document(template, context, lang)
    except Exception as error:
        raise failure("render", f"{type(error).__name__}: {error}") from error
    if signer is None:
        return rendered.data
    if signature.anchor not in rendered.anchors:
        raise failure("render", f"{template} has no #{signature.anchor} box")
    page, box = rendered.anchors[signature.anchor]
    try:
        return sign_pdf(
            rendered.data,
            signer,
            SignatureField(signature.field, page, box),
            reason=signature.reason,
            location=signature.location,
            stamp=stamp(),
        )
    except SigningError as error:
        raise failure(error.problem, error.detail) from error
