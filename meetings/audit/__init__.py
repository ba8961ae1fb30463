"""The audit log of security-relevant and official acts: ``record`` one in the same
transaction as the act (so an entry exists exactly when the act was saved), ``search`` them
for the admin page. A shared service: it knows no domain, domains call it."""

from __future__ import annotations

from .services import ACTIONS, AuditPage, action_label, record, search

__all__ = ["ACTIONS", "AuditPage", "action_label", "record", "search"]
