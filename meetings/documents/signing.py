"""Signing PDFs (PAdES) with the organisation's certificate, using pyHanko.

The certificate is a PKCS#12 archive: a file named in the instance configuration
(``SIGNING_PKCS12_PATH``, relative to the instance folder), or else the site's key kept in
shared storage (``flask signing-key import``; ``flask demo`` keeps its demo key there), so
that every app server signs alike. Either is opened with ``SIGNING_PKCS12_PASSPHRASE``.
Without either, documents are published unsigned. The signature is PAdES B-B (no timestamp
server is asked: the product must work offline) and is visible: its field is put over a box
the document's template leaves for it, so the signature appears in the approval block. Its
appearance carries the words the caller gives (``SignatureStamp``: who signed, in what role,
when, in the document's language) in an embedded DejaVu Sans, which has every letter of the
product's languages.

``create_self_signed_certificate`` makes the demo certificate that ``flask demo`` uses.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from flask import Flask, current_app

from ..storage import services as storage
from .pdf import Box

if TYPE_CHECKING:  # pyhanko is imported where PDFs are signed: the worker, not app servers
    from pyhanko.sign import signers

log = logging.getLogger(__name__)
T = TypeVar("T")


class SigningError(Exception):
    """The document could not be signed; ``problem`` says why, for the admin's message."""

    #: The certificate file named in the configuration is not there (or not readable).
    MISSING = "missing"
    #: The file is not a PKCS#12 archive, or the passphrase does not open it.
    UNREADABLE = "unreadable"
    #: The certificate is outside its validity period.
    EXPIRED = "expired"
    #: pyHanko refused or failed while signing.
    FAILED = "failed"

    def __init__(self, problem: str, detail: str) -> None:
        super().__init__(f"{problem}: {detail}")
        self.problem = problem
        self.detail = detail


#: The name of the site's signing key among the stored files (``storage.services.named``).
STORED_KEY_NAME = "signing-key"
PKCS12_TYPE = "application/x-pkcs12"


@dataclass(frozen=True)
class SigningKey:
    """A PKCS#12 archive and what opens it: a file (``path``), or else the key kept in shared
    storage under STORED_KEY_NAME."""

    path: Path | None
    passphrase: str

    @classmethod
    def from_config(cls, app: Flask | None = None) -> SigningKey | None:
        """The key to sign with: the file SIGNING_PKCS12_PATH names, else the stored key;
        None when there is neither (documents are published unsigned)."""
        app = app or current_app
        passphrase = app.config.get("SIGNING_PKCS12_PASSPHRASE")
        configured = app.config.get("SIGNING_PKCS12_PATH")
        if configured:
            return cls.at(app.instance_path, str(configured), passphrase)
        if storage.named(STORED_KEY_NAME) is not None:
            return cls.stored(passphrase)
        return None

    @classmethod
    def at(cls, instance_path: str | Path, path: str, passphrase: object) -> SigningKey:
        """A key from configuration values: a relative path is inside the instance folder."""
        full = Path(path)
        if not full.is_absolute():
            full = Path(instance_path) / full
        return cls(full, _passphrase(passphrase))

    @classmethod
    def stored(cls, passphrase: object) -> SigningKey:
        """The key kept in shared storage (``store_signing_key``)."""
        return cls(None, _passphrase(passphrase))

    @property
    def source(self) -> str:
        """Where the archive is, for messages and the log."""
        return str(self.path) if self.path is not None else f"the stored {STORED_KEY_NAME}"

    def archive(self) -> bytes:
        """The PKCS#12 bytes; SigningError (missing) when they cannot be read."""
        if self.path is not None:
            try:
                return self.path.read_bytes()
            except OSError as error:
                raise SigningError(SigningError.MISSING, f"{self.path}: {error}") from error
        stored = storage.named(STORED_KEY_NAME)
        if stored is None:
            raise SigningError(SigningError.MISSING, f"{self.source}: none is stored")
        try:
            return storage.read(stored)
        except storage.StorageError as error:
            raise SigningError(SigningError.MISSING, f"{self.source}: {error}") from error

    def load(self) -> signers.SimpleSigner:
        """The signer; SigningError when the archive is missing, unreadable or expired."""
        return open_archive(self.archive(), self.passphrase, self.source)


def _passphrase(value: object) -> str:
    # Environment values are parsed as JSON: a numeric passphrase arrives as a number.
    return "" if value is None else str(value)


def open_archive(data: bytes, passphrase: str, source: str) -> signers.SimpleSigner:
    """The signer in PKCS#12 ``data``; SigningError when it does not open or has expired."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=passphrase.encode() or None
        )
    except ValueError as error:
        cause = error.__cause__ or error
        raise SigningError(SigningError.UNREADABLE, f"{source}: {cause}") from error
    validity = signer.signing_cert["tbs_certificate"]["validity"]
    now = dt.datetime.now(dt.UTC)
    if not validity["not_before"].native <= now <= validity["not_after"].native:
        raise SigningError(
            SigningError.EXPIRED,
            f"{source}: valid {validity['not_before'].native:%Y-%m-%d} to "
            f"{validity['not_after'].native:%Y-%m-%d}",
        )
    return signer


def store_signing_key(data: bytes, passphrase: str) -> signers.SimpleSigner:
    """Keep PKCS#12 ``data`` in shared storage as the site's signing key, in place of any
    earlier one, once it is seen to open with ``passphrase`` and to be valid now.

    Side effects: the stored file replaced (``storage.replace_named``), flushed. Returns the
    signer; raises SigningError (storing nothing) when the archive does not open or has
    expired.
    """
    signer = open_archive(data, passphrase, "the archive")
    storage.replace_named(STORED_KEY_NAME, data, PKCS12_TYPE)
    return signer


def signer_name(signer: signers.SimpleSigner) -> str:
    """The certificate holder as people read it: the common name, else the whole subject."""
    subject = signer.signing_cert.subject
    return subject.native.get("common_name") or subject.human_friendly


#: The typeface of the signature's words: DejaVu Sans (Debian's fonts-dejavu-core, the face
#: the documents are set in), embedded as a subset. pyHanko's default, a Courier that is not
#: embedded, has neither the Czech "ř", the Hungarian "ő" nor the Latvian "ā", and PDF/A
#: wants every font embedded.
STAMP_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: The stamp's type size and line spacing (points); longer lines are shrunk to the box.
STAMP_FONT_SIZE = 9
STAMP_LEADING = 11


@dataclass(frozen=True)
class SignatureStamp:
    """The words of the visible signature, one line each ("Elektronicky podepsala: Jana
    Nováková", "Předsedkyně, …", "Datum: 27. 3. 2018 14:00"), and their language (BCP 47),
    which marks them for screen readers."""

    lines: tuple[str, ...]
    lang: str

    @property
    def text(self) -> str:
        """The words as one text, for the field's alternative description."""
        return " ".join(self.lines)


@dataclass(frozen=True)
class SignatureField:
    """Where the visible signature goes: the field's name, page index and box (points)."""

    name: str
    page: int
    box: Box


def _end_streams_unambiguously() -> None:
    """pyHanko, like pydyf (see weasy.py), ends every stream with a lone line feed before
    ``endstream``; where the data's last byte is a carriage return (a font subset, a
    compressed stream) the two read as one CRLF and PDF/A validators find /Length one byte
    too long. Where that happens the end of line becomes CRLF. Idempotent."""
    from pyhanko.pdf_utils import generic

    write = generic.StreamObject.write_to_stream
    if getattr(write, "ends_unambiguously", False):
        return

    def write_to_stream(self: Any, stream: Any, handler: Any = None, container_ref: Any = None):
        buffer = io.BytesIO()
        write(self, buffer, handler, container_ref)
        data = buffer.getvalue()
        if data.endswith(b"\r\nendstream"):
            data = data[: -len(b"\nendstream")] + b"\r\nendstream"
        stream.write(data)

    write_to_stream.ends_unambiguously = True  # type: ignore[attr-defined]
    generic.StreamObject.write_to_stream = write_to_stream


def sign_pdf(
    data: bytes,
    signer: signers.SimpleSigner,
    where: SignatureField,
    *,
    reason: str | None = None,
    location: str | None = None,
    stamp: SignatureStamp | None = None,
) -> bytes:
    """``data`` with a PAdES B-B signature added as an incremental update.

    The field is created at ``where``; its appearance is a thin frame with the ``stamp``'s
    lines in it (in STAMP_FONT, embedded, so a PDF/A copy stays PDF/A), or the frame alone
    without a stamp. The copy stays PDF/A-3a and PDF/UA-1: the document's metadata is left
    as it was, and the field is named (``/TU``, the ``reason``) and tagged as a form in the
    logical structure, described (``/Alt``) by the stamp's words.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    _end_streams_unambiguously()

    class DocumentWriter(IncrementalPdfFileWriter):
        # pyHanko rewrites the XMP packet with its own serialiser on every update, which
        # renames the prefixes of our PDF/A extension schema (no longer PDF/A). The
        # signing time is in the signature itself; the document's metadata stays ours.
        def _update_meta(self) -> None:
            return None

    box = tuple(round(v, 2) for v in where.box)
    try:
        writer = DocumentWriter(io.BytesIO(data))
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                where.name, on_page=where.page, box=box, readable_field_name=reason or where.name
            ),
        )
        _tag_as_form(writer, where, stamp.text if stamp is not None else None)
        style, text_params = _stamp_style(stamp)
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=where.name,
                md_algorithm="sha256",
                subfilter=fields.SigSeedSubFilter.PADES,
                reason=reason,
                location=location,
            ),
            signer=signer,
            stamp_style=style,
        )
        return _outside_event_loop(
            lambda: pdf_signer.sign_pdf(writer, appearance_text_params=text_params).getvalue()
        )
    except Exception as error:  # pyHanko raises many kinds; all mean "not signed"
        raise SigningError(SigningError.FAILED, f"{type(error).__name__}: {error}") from error


def _stamp_style(stamp: SignatureStamp | None) -> tuple[Any, dict[str, str] | None]:
    """pyHanko's style of the visible signature, and the values of its text's parameters:
    a thin frame, with the stamp's lines left-aligned in it (shrunk to fit if too long)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    if stamp is None:
        return StaticStampStyle(border_width=1, background=None), None
    if not STAMP_FONT.is_file():
        raise SigningError(SigningError.FAILED, f"the stamp's font {STAMP_FONT} is missing")
    from .stamp_font import StampFontFactory

    # Each line is a parameter of the stamp's text: a "%" in a name stays a "%".
    params = {f"line{number}": line for number, line in enumerate(stamp.lines)}
    return (
        TextStampStyle(
            border_width=1,
            background=None,
            stamp_text="\n".join(f"%({name})s" for name in params),
            text_box_style=TextBoxStyle(
                font=StampFontFactory(str(STAMP_FONT), STAMP_FONT_SIZE, stamp.lang),
                font_size=STAMP_FONT_SIZE,
                leading=STAMP_LEADING,
                box_layout_rule=layout.SimpleBoxLayoutRule(
                    x_align=layout.AxisAlignment.ALIGN_MIN,
                    y_align=layout.AxisAlignment.ALIGN_MID,
                    margins=layout.Margins(left=2, right=2, top=2, bottom=2),
                ),
            ),
            inner_content_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins(left=6, right=6, top=4, bottom=4),
                inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
            ),
        ),
        params,
    )


def _tag_as_form(writer: Any, where: SignatureField, description: str | None = None) -> None:
    """Put the signature field's widget in the document's logical structure, as PDF/UA
    asks of every annotation: a /Form element under the document, pointing at the widget
    (an object reference), described by ``description`` (``/Alt``: the stamp's words are in
    the widget's appearance, which assistive technology does not read), and the widget's
    /StructParent in the parent tree. An untagged document (none of ours) is left as it
    is."""
    from pyhanko.pdf_utils import generic

    root = writer.root
    if "/StructTreeRoot" not in root:
        return
    tree_ref = root.raw_get("/StructTreeRoot")
    tree = tree_ref.get_object()
    parent_tree_ref = tree.raw_get("/ParentTree")
    parent_tree = parent_tree_ref.get_object()
    numbers = parent_tree.get("/Nums")
    kids = tree["/K"]
    document_ref = kids.raw_get(0) if isinstance(kids, generic.ArrayObject) else tree.raw_get("/K")
    document = document_ref.get_object()
    if numbers is None or "/K" not in document:
        return
    field_refs = root["/AcroForm"]["/Fields"]
    widget_ref = next(
        field_refs.raw_get(i)
        for i in range(len(field_refs))
        if field_refs[i].get("/T") == where.name
    )
    widget = widget_ref.get_object()
    page_ref = writer.find_page_for_modification(where.page)[0]
    key = int(tree.get("/ParentTreeNextKey", 0)) or (
        max((int(n) for n in list(numbers)[::2]), default=-1) + 1
    )
    described = (
        {generic.pdf_name("/Alt"): generic.TextStringObject(description)} if description else {}
    )
    form_ref = writer.add_object(
        generic.DictionaryObject(
            {
                **described,
                generic.pdf_name("/Type"): generic.pdf_name("/StructElem"),
                generic.pdf_name("/S"): generic.pdf_name("/Form"),
                generic.pdf_name("/P"): document_ref,
                generic.pdf_name("/Pg"): page_ref,
                generic.pdf_name("/K"): generic.DictionaryObject(
                    {
                        generic.pdf_name("/Type"): generic.pdf_name("/OBJR"),
                        generic.pdf_name("/Obj"): widget_ref,
                        generic.pdf_name("/Pg"): page_ref,
                    }
                ),
            }
        )
    )
    document["/K"].append(form_ref)
    writer.mark_update(document_ref)
    numbers.extend([generic.NumberObject(key), form_ref])
    writer.mark_update(parent_tree_ref)
    tree[generic.pdf_name("/ParentTreeNextKey")] = generic.NumberObject(key + 1)
    writer.mark_update(tree_ref)
    widget[generic.pdf_name("/StructParent")] = generic.NumberObject(key)
    writer.mark_update(widget_ref)


def _outside_event_loop(function: Callable[[], T]) -> T:
    """Call ``function`` where asyncio.run() may be used.

    pyHanko's synchronous API runs its own event loop; inside a thread that already runs
    one (an async server, Playwright's sync API in the tests) that is refused, so the work
    moves to a short-lived thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def create_self_signed_certificate(
    path: Path | None,
    passphrase: str,
    common_name: str,
    *,
    organisation: str | None = None,
    years: int = 10,
) -> bytes:
    """A new RSA-2048 key with a self-signed certificate as PKCS#12; also written to ``path``
    (an owner-only file) unless it is None. An empty passphrase leaves the archive
    unencrypted.

    For demonstrations: a real organisation signs with a certificate from a trusted issuer.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=365 * years + years // 4))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    archive = pkcs12.serialize_key_and_certificates(b"signing", key, certificate, None, encryption)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(archive)
        os.replace(tmp, path)
        log.info("self-signed certificate %r written to %s", common_name, path)
    return archive


def certificate_of(key: SigningKey) -> x509.Certificate:
    """The certificate in the key's PKCS#12 archive (e.g. to trust it when validating)."""
    _key, certificate, _others = pkcs12.load_key_and_certificates(
        key.archive(), key.passphrase.encode() or None
    )
    if certificate is None:
        raise SigningError(SigningError.UNREADABLE, f"{key.source}: no certificate")
    return certificate
