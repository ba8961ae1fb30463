"""Meetings as calendar data: the iCalendar objects of a meeting and of a series, with
time zones every client reads alike.

Shared by what sends or serves them, all above it in the domain order: invitations
(iTIP messages), calendar feeds and downloads (``ical``), the confirmation of a public
event registration (``events``). It reads scheduling and agenda data and calls no policy.
"""
