"""Whole pages kept for the person who asked, while nothing they show has changed.

The dashboard and the search results are built from many lists; asked again while the
data is as it was, they are served from ``cached_pages`` in one statement. The data
clock (``clock``) advances with every committed write to a table any page shows, so an
entry is valid for one value of it, and until its page says it goes stale by itself
(a meeting starts, a deadline passes, the day ends) or ``PAGE_CACHE_SECONDS`` pass.
"""
