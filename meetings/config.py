"""Configuration: defaults here, then ``instance/config.py``, then ``MEETINGS_*`` variables.

Environment variables are read with Flask's ``from_prefixed_env``: ``MEETINGS_SMTP_PORT=2525``
sets ``SMTP_PORT`` (values are parsed as JSON where they can be, so numbers and booleans
work). There is deliberately no default ``SECRET_KEY``: one is generated into the instance
folder on first run.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

#: Languages the product speaks; English is the source language of the catalogs.
LANGUAGES = ("en", "cs", "sk", "hu", "lv")


class Defaults:
    #: Empty means the embedded SQLite database in the instance folder.
    DATABASE_URL = ""
    #: Empty means jobs and rate limits are kept on the embedded default (SQLite / memory).
    REDIS_URL = ""
    #: Public address of the site, used in links in e-mail and calendar entries.
    BASE_URL = "http://127.0.0.1:5000"
    #: The installation's name; unset, "Working groups" in each reader's language.
    SITE_NAME: str | None = None
    #: How many reverse proxies (load balancer, nginx) stand in front of the app and set
    #: X-Forwarded-For/-Proto/-Host/-Prefix; 0 trusts none of these headers. Behind one
    #: proxy set 1, or every visitor shares the proxy's address (sign-in limits) and links
    #: say http where the visitor used https.
    PROXY_COUNT = 0
    #: Served over HTTPS (by a proxy that terminates TLS): cookies only ever travel
    #: encrypted. Implied by an https BASE_URL; a request that arrived over HTTPS (directly,
    #: or per the proxy's X-Forwarded-Proto with PROXY_COUNT) gets Secure cookies anyway.
    HTTPS = False

    #: Job queue: "sqlite" (instance/jobs.sqlite), "redis" (REDIS_URL) or "memory" (tests);
    #: empty chooses Redis when REDIS_URL is set, else SQLite.
    JOBS_BACKEND = ""

    # Mail: with no SMTP_HOST, messages are written as .eml files to instance/mail/.
    SMTP_HOST = ""
    SMTP_PORT = 25
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_STARTTLS = False
    SMTP_SSL = False
    SMTP_TIMEOUT = 10
    MAIL_FROM = "meetings@localhost"

    # Calendar replies (iMIP): invitations name "reply+<token>@<domain>" as ORGANIZER.
    #: Empty: "reply@" the domain of MAIL_FROM. Mail for it must reach the app: the SMTP
    #: receiver (``flask replies serve``, started by ``make run``) or an IMAP mailbox.
    REPLY_ADDRESS = ""
    REPLY_SMTP_HOST = "127.0.0.1"
    REPLY_SMTP_PORT = 2525
    #: Larger mails are refused (a calendar reply is a few kilobytes).
    REPLY_MAX_BYTES = 2 * 1024 * 1024
    #: A mailbox to poll instead (``flask replies poll``); empty: none.
    IMAP_HOST = ""
    IMAP_PORT = 993
    IMAP_USERNAME = ""
    IMAP_PASSWORD = ""
    IMAP_SSL = True
    IMAP_FOLDER = "INBOX"
    IMAP_POLL_SECONDS = 60

    # Calendar feeds.
    #: Past meetings a feed keeps, in days.
    FEED_PAST_DAYS = 365
    #: Where serialised calendar entries are cached: "database", "redis", or empty for
    #: Redis when REDIS_URL is set, else the database.
    CALENDAR_CACHE = ""
    #: The dashboard and search results are kept per person while the data they show is
    #: unchanged, at most this long (0: always built anew). See meetings/page_cache.
    PAGE_CACHE_SECONDS = 900

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Prague"
    LANGUAGES = LANGUAGES

    # Signed minutes: a PKCS#12 file (relative paths: in the instance folder) and its
    # passphrase. With no file named here, the key kept in shared storage is used
    # (`flask signing-key import`, or the demo's), opened with this passphrase; with
    # neither, published minutes are not signed.
    SIGNING_PKCS12_PATH = ""
    SIGNING_PKCS12_PASSPHRASE = ""

    # Files (attachments, published minutes, a stored signing key) are kept where every app
    # server reads them: in the database, or in an S3-compatible object store.
    #: Empty keeps new files in the database; a bucket name keeps them in that object store
    #: (needs boto3: the package's ``s3`` extra).
    STORAGE_S3_BUCKET = ""
    #: The store's address (MinIO, Ceph, another provider's); empty: AWS S3 itself.
    STORAGE_S3_ENDPOINT_URL = ""
    #: Empty: boto3's own configuration (AWS_DEFAULT_REGION, ~/.aws/config).
    STORAGE_S3_REGION = ""
    #: Empty: boto3's own credentials (environment, ~/.aws/credentials, an instance role).
    STORAGE_S3_ACCESS_KEY = ""
    STORAGE_S3_SECRET_KEY = ""
    #: Put before every object's key, e.g. "meetings/".
    STORAGE_S3_PREFIX = ""

    # Webhooks: events posted to the addresses groups register.
    #: Allow http:// (unencrypted) addresses other than this computer's (localhost).
    WEBHOOKS_ALLOW_HTTP = False
    #: Seconds a receiver has to answer a delivery before it is retried later.
    WEBHOOKS_TIMEOUT = 10
    #: Days a downloadable export (Administration → Export, a group's Export page) is
    #: kept before its zip is deleted.
    EXPORT_KEEP_DAYS = 7

    # Sign-in. Argon2id cost: the library's recommended defaults (64 MiB, 3 passes).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    #: Wrong passwords for one account before it is blocked for SIGN_IN_BLOCK_SECONDS
    #: (a password reset still lets its owner in).
    SIGN_IN_ACCOUNT_LIMIT = 10
    #: Failed sign-ins from one network address (any accounts) before it is blocked: high,
    #: as a whole office may share one address.
    SIGN_IN_ADDRESS_LIMIT = 100
    SIGN_IN_BLOCK_SECONDS = 15 * 60
    RESET_TOKEN_MAX_AGE = 2 * 60 * 60
    ACTIVATION_TOKEN_MAX_AGE = 14 * 24 * 60 * 60
    #: "Remember me": the cookie and its sign-in last two weeks.
    REMEMBER_COOKIE_DURATION = 14 * 24 * 60 * 60
    #: Without "remember me", a sign-in ends after this long even if the browser stays open.
    SIGNED_IN_SESSION_DURATION = 24 * 60 * 60
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"

    WTF_CSRF_TIME_LIMIT = 8 * 60 * 60
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024

    #: Seconds a writer waits for SQLite's one write lock before giving up: under a burst
    #: of changes they queue, and a change must not fail because others came first.
    SQLITE_BUSY_TIMEOUT = 60
    #: PostgreSQL's JIT compilation of queries: off, since the planner turns it on for the
    #: large estimates of a big archive, where compiling costs far more than it saves
    #: (about a second on the events page and a person's feed at 24,000 meetings).
    POSTGRES_JIT = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False


def load_config(app: Flask, overrides: dict | None) -> None:
    """Fill ``app.config``: defaults, instance file, environment, then ``overrides``."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("MEETINGS")
    if overrides:
        app.config.from_mapping(overrides)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))

    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config["DATABASE_URL"]
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "meetings.sqlite")
    elif url.startswith(("postgres://", "postgresql://")):
        # psycopg 3 is the driver we install; the bare scheme would ask for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("postgresql"):
        # A connection the server ended (a restart, a failover) is replaced before use,
        # instead of failing the next request that draws it from the pool.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    if url.startswith("postgresql") and not app.config["POSTGRES_JIT"]:
        engine = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        connect = dict(engine.get("connect_args", {}))
        connect["options"] = f"{connect.get('options', '')} -c jit=off".strip()
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**engine, "connect_args": connect}
    if app.config["HTTPS"] or app.config["BASE_URL"].startswith("https://"):
        # Served over HTTPS: cookies must never travel in clear (unless set explicitly).
        for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
            if key not in (overrides or {}) and not os.environ.get(f"MEETINGS_{key}"):
                app.config[key] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    app.config.setdefault("MAIL_DIR", os.path.join(app.instance_path, "mail"))
    # Every worker and server counts together: Redis when configured, else the database.
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("RATELIMIT_STORAGE_URI") or (
        app.config["REDIS_URL"] or "meetings-db://"
    )


def _instance_secret_key(instance: Path) -> str:
    """Read the instance's secret key, creating it (readable by the owner only) if missing."""
    path = instance / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # created earlier, or by another worker starting at the same moment
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()
