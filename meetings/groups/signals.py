"""What a group's page asks of the domains above groups (see ``meetings.signals``)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A group's page is being shown (sender: the group; ``user``: the viewer, ``page``: the
#: page of past meetings asked for, ``show_members``: the viewer may see its members).
#: Receivers return a dict of values for the template: scheduling its ``meetings``, the
#: minutes its open ``tasks``.
group_page = _signals.signal("group-page")

#: Before a group's next meeting number is changed (sender: the group). Receivers return
#: ``{"highest_number": n}``: scheduling the highest number a meeting of the group bears
#: (None: none yet), so the counter never goes back below a number already given.
numbers_given = _signals.signal("numbers-given")
