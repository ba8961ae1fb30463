"""What a person's pages ask of the domains above auth (see ``meetings.signals``)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A person's profile or own account page is being shown (sender: the person; ``user``:
#: the viewer). Receivers return a dict of values for the template: the groups domain
#: the person's ``memberships`` the viewer may see.
person_page = _signals.signal("person-page")
