"""What happens to votes by correspondence, for the domains above (see ``meetings.signals``):
the ``notifications`` package tells the voting members in the app.

Every signal is sent after the change is flushed, inside the same transaction, so what a
receiver adds commits or rolls back with it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A vote was put to the group's voting members (sender: the CorrespondenceVote; ``actor``:
#: who started it; ``voters``: the Users it was put to).
vote_started = _signals.signal("correspondence-vote-started")

#: A vote closed with its result (sender: the CorrespondenceVote; ``voters``: the Users it
#: was put to).
vote_closed = _signals.signal("correspondence-vote-closed")
