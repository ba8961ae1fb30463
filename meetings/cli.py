"""``flask`` commands: demo data and maintenance."""

from __future__ import annotations

import click
from flask import Flask

from .extensions import db


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_command)


@click.command("demo")
def demo_command() -> None:
    """Load the demo organisations, groups, people and meetings (safe to run again)."""
    from .demo import DEMO_PASSWORD, load_demo
    from .mail.services import deliver_due

    try:
        result = load_demo()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    # The invitations to the upcoming meetings: into instance/mail/ (or via SMTP) now,
    # rather than whenever a worker next runs.
    delivered = deliver_due()
    if result.total_created:
        click.echo(f"Demo data loaded: {result.total_created} new records.")
    else:
        click.echo("Demo data already present: nothing added.")
    if delivered.sent:
        click.echo(f"{delivered.sent} queued messages delivered (invitations and others).")
    click.echo("")
    click.echo("Demo accounts:")
    width = max(len(a.email) for a in result.accounts)
    for account in result.accounts:
        click.echo(f"  {account.email:<{width}}  {account.name} ({account.description})")
    click.echo(f"Password for every demo account: {DEMO_PASSWORD}")
