"""iCalendar: the builder (PUBLISH now; REQUEST / CANCEL invitations and feeds later) and
the calendar downloads."""
