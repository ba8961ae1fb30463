"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from meetings import create_app
from meetings.site.warm_up import warm_up

app = create_app()
# Before the server takes requests, so the first visitor waits no longer than the next.
warm_up(app)
