"""Notifications: what waits for a person, shown in the app (the bell in the header, the
``/notifications`` page) and mailed where mail is the expected channel.

The domains below send signals (``agenda.signals``, ``minutes.signals``,
``invitations.signals``); ``reactions`` connects the receivers, which add a
``Notification`` per person (and queue mail for the kinds that have it), as each person's
preferences say. The kinds and their words are listed once, in ``kinds``.
"""
