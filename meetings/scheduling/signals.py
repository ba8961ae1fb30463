"""What happens to meetings, for the domains above scheduling (see ``meetings.signals``).

Every signal is sent after the change is flushed, inside the same transaction, so a
receiver's work commits or rolls back with it. The invitations domain connects to them
(``invitations/reactions.py``): it makes and sends the invitations.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A meeting left draft (sender: the meeting). ``notify``: send its invitations now
#: (False when several occurrences of a series change and one message follows).
meeting_scheduled = _signals.signal("meeting-scheduled")

#: A scheduled meeting was cancelled; its SEQUENCE has grown (sender: the meeting).
#: ``notify`` as above.
meeting_cancelled = _signals.signal("meeting-cancelled")

#: A meeting that left draft moved in time or place; its SEQUENCE has grown (sender: the
#: meeting). ``time_changed``: its start or end changed; ``notify`` as above.
meeting_moved = _signals.signal("meeting-moved")

#: A scheduled meeting got another number (and, with the group's default title, another
#: title) because another meeting moved before or after it; its SEQUENCE has grown
#: (sender: the meeting). The invitations domain sends its invitees the update.
meeting_renumbered = _signals.signal("meeting-renumbered")

#: Occurrences of a series changed, joined or left it (sender: the series): bring its
#: invitees up to date. ``exceptions_changed``: occurrences were scheduled or cancelled.
series_changed = _signals.signal("series-changed")

#: A meeting's page is being shown (sender: the meeting; ``user``: the viewer,
#: ``may_edit``: the viewer manages it). Receivers return a dict of values for its
#: template: the public events domain its registrations and their settings form.
meeting_page = _signals.signal("meeting-page")

#: A new meeting was made as a copy of an earlier one (sender: the new meeting, a draft;
#: ``source``: the earlier meeting; ``actor``: who copied it). The domains above copy what
#: is theirs (the agenda, the invitees) and return a dict saying what they copied:
#: ``agenda_items`` (how many), ``invitees`` (how many), ``not_copied`` (messages in the
#: person's language of what could not be copied).
meeting_copied = _signals.signal("meeting-copied")

#: Groups were proposed for a joint meeting (sender: the proposal, state proposed;
#: ``actor``: who proposed). The notifications domain tells the group's managers.
joint_meeting_proposed = _signals.signal("joint-meeting-proposed")

#: A proposed group accepted or declined (sender: the proposal, its state the answer;
#: ``actor``: who decided). On acceptance the group is in ``extra_groups`` already: the
#: invitations domain invites its members if the meeting's invitations went out; the
#: notifications domain tells the host group's managers.
joint_meeting_decided = _signals.signal("joint-meeting-decided")
