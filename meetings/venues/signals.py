"""What a venue's page asks of the domains above venues (see ``meetings.signals``)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A venue's page is being shown (sender: the venue; ``user``: the viewer). Receivers
#: return a dict of values for the template: scheduling its ``meetings``.
venue_page = _signals.signal("venue-page")
