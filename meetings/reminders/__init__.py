"""Reminders and digests: planned messages (meeting reminders, unanswered invitations,
minutes awaiting approval, the weekly digest), each sent once, and the per-kind choices
with their one-click unsubscribe."""
