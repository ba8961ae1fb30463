"""What happens to invitations, for the domains above invitations (see
``meetings.signals``): the ``notifications`` package tells the invitee in the app too.

Sent after the message is queued, inside the same transaction.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A person with an account got their first invitation to a meeting (or to a series:
#: sender is the invitation the message is about).
invitation_sent = _signals.signal("invitation-sent")
