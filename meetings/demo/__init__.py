"""Demo data built from the seed documents (``../shared/seeds/``), loaded by ``flask demo``.

Everything is looked up by its natural key before it is created (user e-mail, group slug,
organisation name, venue name and city, meeting by group and number, office hours by
weekday), so loading twice adds nothing. Objects that already exist are left as they are:
the demo never overwrites what someone has changed since.

Facts come from the seeds; where a seed is silent (a time of day, an end time, the other
working groups of the Liberec pact, the people) the demo uses plain, clearly made-up values.

One module per seed: ``liberec`` (001, with its minutes in ``liberec_minutes``, its date
poll in ``liberec_poll``, and the pact's other groups' people and a proposed joint meeting
in ``pzlk_assistants``), ``vas``
(002), ``kosice`` (000), ``ensie`` (003) and ``nkcsi`` (004); ``loader`` finds or adds rows.
"""

from __future__ import annotations

import datetime as dt

from ..extensions import db
from .ensie import load_ensie
from .kosice import load_kosice
from .liberec import load_liberec
from .liberec_minutes import load_demo_minutes
from .liberec_poll import load_liberec_poll
from .loader import DEMO_PASSWORD, DemoAccount, DemoResult, Loader
from .nkcsi import load_nkcsi
from .pzlk_assistants import load_pzlk_assistants
from .vas import load_vas

__all__ = ["DEMO_PASSWORD", "DemoAccount", "DemoResult", "load_demo"]


def load_demo(today: dt.date | None = None) -> DemoResult:
    """Add the demo organisations, groups, people, venues and meetings that are missing.

    Side effects: adds rows and flushes; queues the invitations to the upcoming meetings
    in the outbox; never commits (the ``flask demo`` command does, and delivers them).
    Meetings dated relative to ``today`` (default: the current date) make the app look
    alive; those already present (same group and number) are left where they are.
    """
    loader = Loader(today or dt.date.today())
    loader.user(
        "admin@demo.example",
        "Demo Administrator",
        "site administrator",
        is_admin=True,
        locale="en",
    )
    load_liberec(loader)
    load_pzlk_assistants(loader)
    load_vas(loader)
    load_kosice(loader)
    load_ensie(loader)
    load_nkcsi(loader)
    db.session.flush()
    loader.invitations()
    db.session.flush()
    load_demo_minutes(loader)
    load_liberec_poll(loader)
    return loader.result
