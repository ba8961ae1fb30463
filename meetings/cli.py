"""``flask`` commands: demo data and maintenance."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask

from .extensions import db


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(bench_data_command)
    app.cli.add_command(replies_group)
    app.cli.add_command(signing_key_group)
    from .search.views import search_group
    from .transfer.cli import export_command, import_command

    app.cli.add_command(search_group)
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)


@click.command("demo")
def demo_command() -> None:
    """Load the demo organisations, groups, people and meetings (safe to run again)."""
    from .correspondence.jobs import LOST_AFTER, make_missing_records
    from .db import utcnow
    from .demo import DEMO_PASSWORD, load_demo
    from .mail.services import deliver_due

    try:
        result = load_demo()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    # The invitations to the upcoming meetings: into instance/mail/ (or via SMTP) now,
    # rather than whenever a worker next runs; the signed records of the closed votes by
    # correspondence likewise (``load_demo`` leaves them to the job queue, so that loading
    # the demo stays quick where it is loaded again and again).
    delivered = deliver_due()
    records = make_missing_records(now=utcnow() + LOST_AFTER)
    if result.total_created:
        click.echo(f"Demo data loaded: {result.total_created} new records.")
    else:
        click.echo("Demo data already present: nothing added.")
    if delivered.sent:
        click.echo(f"{delivered.sent} queued messages delivered (invitations and others).")
    if records:
        click.echo(f"{records} signed records of votes by correspondence made.")
    click.echo("")
    click.echo("Demo accounts:")
    width = max(len(a.email) for a in result.accounts)
    for account in result.accounts:
        click.echo(f"  {account.email:<{width}}  {account.name} ({account.description})")
    click.echo(f"Password for every demo account: {DEMO_PASSWORD}")


@click.command("bench-data")
@click.option("--meetings", type=click.IntRange(min=1), required=True, help="Meetings in all.")
@click.option("--groups", type=click.IntRange(min=1), default=200, show_default=True)
@click.option(
    "--published",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Minutes of the first group published for real (a PDF rendered for each).",
)
@click.option("--seed", type=int, default=11, show_default=True, help="Same seed, same archive.")
def bench_data_command(meetings: int, groups: int, published: int, seed: int) -> None:
    """Add a ten-year archive of N meetings over G working groups (on an empty migrated
    database, or next to other data) and print one line of JSON: the paths a load test
    requests and the accounts that may read them. Progress goes to stderr."""
    from .demo.archive import ArchiveError, build_archive

    def progress(message: str) -> None:
        click.echo(message, err=True)

    from .db import refresh_statistics
    from .search.indexing import rebuild

    try:
        archive = build_archive(meetings, groups, published=published, seed=seed, progress=progress)
        # The archive is written with SQL alone (fast), which the index does not see.
        started = time.perf_counter()
        indexed = rebuild(db.session.connection())
        progress(f"search index: {indexed} rows in {time.perf_counter() - started:.1f} s")
        # As the nightly upkeep would have by the time a real archive is this big.
        refresh_statistics(db.session.connection())
        db.session.commit()
    except ArchiveError as error:
        db.session.rollback()
        raise click.UsageError(str(error)) from error
    except Exception:
        db.session.rollback()
        raise
    click.echo(archive.line())


@click.group("replies")
def replies_group() -> None:
    """Receive the answers calendar programs send to invitations (iMIP REPLY)."""


@replies_group.command("serve")
@click.option("--host", default=None, help="Address to listen on (REPLY_SMTP_HOST).")
@click.option("--port", default=None, type=int, help="Port to listen on (REPLY_SMTP_PORT).")
def serve_replies(host: str | None, port: int | None) -> None:
    """Run the SMTP server that receives calendar replies, until stopped."""
    import signal
    import threading

    from flask import current_app

    from .invitations.replies import handle_reply_mail, max_bytes, wants_recipient
    from .mail.receiver import smtp_controller

    app = current_app._get_current_object()
    host = host or app.config["REPLY_SMTP_HOST"]
    port = port or int(app.config["REPLY_SMTP_PORT"])
    controller = smtp_controller(
        app, handle_reply_mail, wants_recipient, host=host, port=port, max_bytes=max_bytes()
    )
    controller.start()
    click.echo(f"Receiving calendar replies on smtp://{host}:{port}")
    stop = threading.Event()
    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), lambda *_: stop.set())
    stop.wait()
    controller.stop()


@replies_group.command("poll")
@click.option("--once", is_flag=True, help="Read the mailbox once and stop.")
def poll_replies(once: bool) -> None:
    """Read calendar replies from the IMAP mailbox (IMAP_*), every IMAP_POLL_SECONDS."""
    import time

    from flask import current_app

    from .invitations.replies import handle_reply_mail
    from .mail.receiver import MailboxSettings, poll_mailbox

    app = current_app._get_current_object()
    config = app.config
    if not config["IMAP_HOST"]:
        raise click.UsageError("Set MEETINGS_IMAP_HOST (and the IMAP login) first.")
    settings = MailboxSettings(
        host=config["IMAP_HOST"],
        port=int(config["IMAP_PORT"]),
        username=config["IMAP_USERNAME"],
        password=config["IMAP_PASSWORD"],
        use_ssl=bool(config["IMAP_SSL"]),
        folder=config["IMAP_FOLDER"],
    )
    while True:
        try:
            handled = poll_mailbox(app, handle_reply_mail, settings)
            if handled:
                click.echo(f"{handled} messages read")
        except OSError as error:  # the mailbox is away: try again later
            click.echo(f"mailbox not reachable: {error}", err=True)
        if once:
            return
        time.sleep(int(config["IMAP_POLL_SECONDS"]))


@click.group("signing-key")
def signing_key_group() -> None:
    """The certificate that signs published minutes, kept where every app server reads it."""


@signing_key_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--passphrase-env",
    metavar="VAR",
    help="Environment variable holding the archive's passphrase "
    "(default: SIGNING_PKCS12_PASSPHRASE of the configuration).",
)
def import_signing_key(path: Path, passphrase_env: str | None) -> None:
    """Keep the PKCS#12 file PATH in shared storage as the site's signing key.

    It replaces the key stored before. Every app server opens it with its
    SIGNING_PKCS12_PASSPHRASE; a file named by SIGNING_PKCS12_PATH is used instead of it.
    """
    import os

    from flask import current_app

    from .documents.signing import SigningError, signer_name, store_signing_key

    configured = str(current_app.config.get("SIGNING_PKCS12_PASSPHRASE") or "")
    if passphrase_env:
        if passphrase_env not in os.environ:
            raise click.UsageError(f"The environment variable {passphrase_env} is not set.")
        passphrase = os.environ[passphrase_env]
    else:
        passphrase = configured
    try:
        signer = store_signing_key(path.read_bytes(), passphrase)
        db.session.commit()
    except SigningError as error:
        db.session.rollback()
        raise click.ClickException(f"{path} was not imported: {error.detail}") from error
    except Exception:
        db.session.rollback()
        raise
    until = signer.signing_cert["tbs_certificate"]["validity"]["not_after"].native
    click.echo(f"Stored the signing key of {signer_name(signer)}, valid until {until:%Y-%m-%d}.")
    if passphrase != configured:
        click.echo(
            "Set SIGNING_PKCS12_PASSPHRASE to its passphrase on every app server and worker: "
            "the configuration here has another one.",
            err=True,
        )
    if current_app.config.get("SIGNING_PKCS12_PATH"):
        click.echo(
            "SIGNING_PKCS12_PATH is set: minutes are signed with that file until it is "
            "removed from the configuration.",
            err=True,
        )
