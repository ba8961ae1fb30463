"""What happens to minutes and tasks, for the domains above the minutes (see
``meetings.signals``): the ``notifications`` package tells the people concerned.

Every signal is sent after the change is flushed, inside the same transaction, so what a
receiver adds commits or rolls back with it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: The minutes took a step of the workflow (sender: the minutes; ``state``: the new
#: MinutesState; ``actor``: who took it, None for the publishing job).
minutes_moved = _signals.signal("minutes-moved")

#: The verifier confirmed submitted minutes (sender: the minutes; ``actor``).
minutes_verified = _signals.signal("minutes-verified")

#: A member commented on submitted minutes (sender: the MinutesComment; ``actor``).
minutes_commented = _signals.signal("minutes-commented")

#: A task got an owner, or another one (sender: the ActionItem; ``actor``: who saved it).
task_assigned = _signals.signal("task-assigned")

#: The decisions register is read (sender: None; ``user``, ``group_ids``, ``query``,
#: ``limit``). Receivers return ``{"rows": [RegisterRow, ...]}``: the correspondence
#: domain its numbered decisions by correspondence that the person may read.
register_read = _signals.signal("register-read")
