"""Stored files: bytes every app server reads, kept in the database or in an S3-compatible
object store (``STORAGE_S3_BUCKET``), with their SHA-256. Knows no domain: attachments,
published minutes and the signing key refer to a ``StoredFile``; it does not know them."""
