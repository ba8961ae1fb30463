"""Keeping files where every app server reads them, and answering requests with them.

Backends. New files go to the database (the default: the bytes in ``stored_files.data``) or,
when ``STORAGE_S3_BUCKET`` is set, to that S3-compatible object store (boto3, the ``s3``
extra). A file is read from wherever it was stored, so files kept before the object store was
configured stay readable.

Keys. An object's key is ``<STORAGE_S3_PREFIX><sha256>/<random>``: found by its SHA-256, and
one object per stored file, so that discarding a file never removes bytes that another file
(or an upload of the same bytes at that very moment) still needs.

Transactions. Services flush, never commit; the object store takes no part in the database's
transaction, so its side is settled when the transaction ends: an object written for a
transaction that does not commit is removed again, and the object of a discarded file is
removed only once the deletion has been committed.
"""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, request, send_file
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction
from werkzeug.http import is_resource_modified

from ..extensions import db
from .models import StoredFile

log = logging.getLogger(__name__)

__all__ = [
    "StorageError",
    "StorageUnavailable",
    "StoredFileAltered",
    "StoredFileMissing",
    "discard",
    "named",
    "place",
    "read",
    "replace_named",
    "send",
    "store",
]


class StorageError(Exception):
    """A file could not be stored or read; ``detail`` is for the log."""

    def __init__(self, detail: str, file_id: int | None = None) -> None:
        super().__init__(f"stored file {file_id}: {detail}" if file_id else detail)
        self.detail = detail
        self.file_id = file_id


class StoredFileMissing(StorageError):
    """The file's bytes are not there (the object is gone, or its store is not configured)."""


class StoredFileAltered(StorageError):
    """The bytes are there but are not the ones stored: their SHA-256 differs."""


class StorageUnavailable(StorageError):
    """The object store could not be reached or refused the request."""


# --- the object store --------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectStore:
    """One bucket of an S3-compatible store, through a boto3 client (thread-safe)."""

    client: Any
    bucket: str
    prefix: str

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self._call("put", key, Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes | None:
        """The object's bytes; None when there is no such object."""
        return self._call("get", key)

    def delete(self, key: str) -> None:
        self._call("delete", key)

    def _call(self, verb: str, key: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        method = getattr(self.client, f"{verb}_object")
        try:
            answer = method(Bucket=self.bucket, Key=key, **kwargs)
            return answer["Body"].read() if verb == "get" else None
        except ClientError as error:
            if verb == "get" and error.response.get("Error", {}).get("Code") in (
                "NoSuchKey",
                "404",
            ):
                return None
            raise StorageUnavailable(f"{verb} s3://{self.bucket}/{key}: {error}") from error
        except BotoCoreError as error:
            raise StorageUnavailable(f"{verb} s3://{self.bucket}/{key}: {error}") from error


_CONFIG_KEYS = (
    "STORAGE_S3_BUCKET",
    "STORAGE_S3_ENDPOINT_URL",
    "STORAGE_S3_REGION",
    "STORAGE_S3_ACCESS_KEY",
    "STORAGE_S3_SECRET_KEY",
    "STORAGE_S3_PREFIX",
)


def object_store() -> ObjectStore | None:
    """The configured object store (one client per configuration); None: the database."""
    settings = tuple(str(current_app.config.get(k) or "") for k in _CONFIG_KEYS)
    bucket, endpoint, region, access_key, secret_key, prefix = settings
    if not bucket:
        return None
    stores: dict[tuple[str, ...], ObjectStore] = current_app.extensions.setdefault(
        "meetings.storage", {}
    )
    found = stores.get(settings)
    if found is None:
        try:
            import boto3
            from botocore.config import Config
        except ImportError as error:  # pragma: no cover - depends on the installation
            raise RuntimeError(
                "STORAGE_S3_BUCKET is set but boto3 is not installed: "
                "install the package with its s3 extra (pip install 'meetings[s3]')."
            ) from error
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint or None,
            region_name=region or None,
            aws_access_key_id=access_key or None,
            aws_secret_access_key=secret_key or None,
            # Stores other than AWS (MinIO, Ceph …) expect the bucket in the path.
            config=Config(s3={"addressing_style": "path"}) if endpoint else None,
        )
        found = stores.setdefault(settings, ObjectStore(client, bucket, prefix))
    return found


# --- storing, reading, discarding ----------------------------------------------------------------


def store(data: bytes, content_type: str, *, name: str | None = None) -> StoredFile:
    """Keep ``data`` (of media type ``content_type``) where every app server reads it.

    Side effects: a StoredFile row added and flushed; with the object store configured, the
    object written now (and removed again if the transaction does not commit). Raises
    StorageUnavailable when the object store refuses.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    stored = StoredFile(sha256=sha256, size=len(data), content_type=content_type, name=name)
    placed = place(data, content_type, sha256)
    stored.data, stored.location = placed["data"], placed["location"]
    db.session.add(stored)
    db.session.flush()
    return stored


def place(data: bytes, content_type: str, sha256: str | None = None) -> dict[str, Any]:
    """Where the bytes of a stored file go, for a ``stored_files`` row written with SQL
    (a restore from an export writes its rows itself): ``{"data": …, "location": None}``
    for the database, or ``{"data": None, "location": key}`` once the object is written.

    Side effects: with the object store configured, the object written now (and removed
    again if the transaction does not commit). Raises StorageUnavailable when it refuses.
    """
    objects = object_store()
    if objects is None:
        return {"data": data, "location": None}
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    key = f"{objects.prefix}{sha256}/{secrets.token_hex(8)}"
    objects.put(key, data, content_type)
    _settle_later(objects, key, written=True)
    return {"data": None, "location": key}


def read(stored: StoredFile) -> bytes:
    """The file's bytes, checked against its SHA-256.

    Raises StoredFileMissing when they are not there, StoredFileAltered when they are not the
    bytes stored, StorageUnavailable when the object store cannot be reached.
    """
    if stored.location is not None:
        objects = object_store()
        if objects is None:
            raise StoredFileMissing(
                f"object {stored.location} but STORAGE_S3_BUCKET is not configured", stored.id
            )
        data = objects.get(stored.location)
        where = f"s3://{objects.bucket}/{stored.location}"
    else:
        data = stored.data
        where = "database"
    if data is None:
        raise StoredFileMissing(f"no bytes in {where}", stored.id)
    actual = hashlib.sha256(data).hexdigest()
    if actual != stored.sha256:
        raise StoredFileAltered(
            f"SHA-256 in {where} is {actual}, stored as {stored.sha256}", stored.id
        )
    return data


def discard(stored: StoredFile) -> None:
    """Delete the file.

    Side effects: the row deleted, flushed; an object in the object store is removed once the
    deletion has been committed (and kept if it is not).
    """
    if stored.location is not None:
        objects = object_store()
        if objects is None:
            log.warning(
                "stored file %s: object %s left in place (STORAGE_S3_BUCKET is not configured)",
                stored.id,
                stored.location,
            )
        else:
            _settle_later(objects, stored.location, written=False)
    db.session.delete(stored)
    db.session.flush()


def named(name: str) -> StoredFile | None:
    """The site's file called ``name`` (e.g. its signing key), if there is one."""
    return db.session.scalars(select(StoredFile).where(StoredFile.name == name)).first()


def replace_named(name: str, data: bytes, content_type: str) -> StoredFile:
    """Keep ``data`` as the site's file called ``name``, in place of any file of that name.

    Side effects: the earlier file discarded, the new one stored (see ``store``), flushed.
    """
    earlier = named(name)
    if earlier is not None:
        discard(earlier)
    return store(data, content_type, name=name)


# --- answering a request -------------------------------------------------------------------------


def send(
    stored: StoredFile,
    *,
    download_name: str,
    as_attachment: bool,
    mimetype: str | None = None,
    max_age: int = 0,
    public: bool = False,
    immutable: bool = False,
) -> Response:
    """The response to a GET of the file: its bytes, or 304 Not Modified.

    ``ETag`` and ``X-Content-SHA256`` are the SHA-256 (a request whose If-None-Match holds it
    gets 304, and the bytes are not even read); ``Cache-Control`` is ``public`` or ``private``
    with ``max-age`` (``no-cache`` for 0) and ``immutable`` as asked. Raises the errors of
    ``read`` (nothing is sent then): bytes that are not the ones stored are never served.
    """
    fresh = not is_resource_modified(request.environ, etag=stored.sha256)
    body = io.BytesIO() if fresh else io.BytesIO(read(stored))
    response = send_file(
        body,
        mimetype=mimetype or stored.content_type,
        as_attachment=as_attachment,
        download_name=download_name,
        conditional=not fresh,
        etag=stored.sha256,
        max_age=max_age,
    )
    if fresh:
        # Ranges play no part in a 304; the empty body is never sent.
        response = response.make_conditional(request)
    directives = ["public" if public else "private"]
    directives.append(f"max-age={max_age}" if max_age > 0 else "no-cache")
    if immutable:
        directives.append("immutable")
    response.headers["Cache-Control"] = ", ".join(directives)
    response.headers["X-Content-SHA256"] = stored.sha256
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- the object store's side of a transaction ----------------------------------------------------

_PENDING = "meetings.storage.pending"


@dataclass
class _Pending:
    """An object whose fate follows a database transaction."""

    #: The innermost transaction the object belongs to (its parent once it commits).
    transaction: SessionTransaction
    objects: ObjectStore
    key: str
    #: True: written for the transaction (removed unless it commits); False: its file was
    #: discarded (removed once the deletion commits).
    written: bool


def _settle_later(objects: ObjectStore, key: str, *, written: bool) -> None:
    session = db.session()
    if session.get_transaction() is None:
        session.begin()
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append(_Pending(transaction, objects, key, written))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    """A savepoint released hands its objects to the enclosing transaction; the outermost
    transaction committed removes the objects of discarded files."""
    pending: list[_Pending] = session.info.get(_PENDING) or []
    if not pending:
        return
    committed = session.get_nested_transaction() or session.get_transaction()
    kept = []
    for item in pending:
        if item.transaction is not committed:
            kept.append(item)
        elif committed.parent is not None:
            item.transaction = committed.parent
            kept.append(item)
        elif not item.written:
            _remove(item)
    session.info[_PENDING] = kept


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ends without committing (rolled back, closed) takes its objects
    with it: those written for it are removed, discarded files keep theirs."""
    pending: list[_Pending] = session.info.get(_PENDING) or []
    if not pending:
        return
    kept = []
    for item in pending:
        if item.transaction is transaction:
            if item.written:
                _remove(item)
        else:
            kept.append(item)
    session.info[_PENDING] = kept


def _remove(item: _Pending) -> None:
    try:
        item.objects.delete(item.key)
    except StorageUnavailable as error:
        # A leftover object wastes space; no row refers to it.
        log.warning("object store: could not remove %s: %s", item.key, error.detail)
