"""How a lower domain hears from a higher one without importing it (ARCHITECTURE §7).

A domain defines its signals in its own ``signals.py`` (blinker, as Flask does) and sends
them; a higher domain connects receivers in its ``reactions.py``, which ``create_app``
imports. Two uses:

- reactions: a meeting scheduled, moved or cancelled → the invitations domain makes and
  sends the invitations;
- contributions: a page or a draft of a lower domain asks for what higher ones add (a
  group's page gets its meetings from scheduling and its open tasks from the minutes).
"""

from __future__ import annotations

from typing import Any

from blinker import Signal

#: The packages with receivers, in the domain order; ``create_app`` imports each one's
#: ``reactions`` module so that every app server and worker has them connected.
REACTING_DOMAINS: tuple[str, ...] = (
    "groups",
    "scheduling",
    "agenda",
    "events",
    "invitations",
    "minutes",
    "correspondence",
    "notifications",
    "polls",
    "reminders",
    "webhooks",
)


def contributions(signal: Signal, sender: Any, **values: Any) -> dict[str, Any]:
    """Send ``signal`` and merge the dictionaries its receivers return (None: nothing)."""
    merged: dict[str, Any] = {}
    for _receiver, answer in signal.send(sender, **values):
        if answer:
            merged.update(answer)
    return merged


def connect_reactions() -> None:
    """Import every domain's receivers (idempotent: a module is imported once)."""
    from importlib import import_module

    for domain in REACTING_DOMAINS:
        import_module(f"meetings.{domain}.reactions")
