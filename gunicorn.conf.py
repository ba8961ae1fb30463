"""Gunicorn settings, read when gunicorn starts in the project folder (``make run``, the
tests, the benchmark); a deployment may pass its own with ``--config``.

- ``preload_app``: the app is built and warmed up (``wsgi.py``) once, before the workers
  fork: they start with templates and SQL compiled, and share that memory.
- ``post_worker_init``: each worker connects to the database before its first request.
- No control socket: recent gunicorn opens one at the same path (``~/.gunicorn/`` or
  ``$XDG_RUNTIME_DIR``) for every gunicorn of a user, so two servers on one host would take
  each other's. A deployment that wants it gives each server its own ``--control-socket``.
"""

preload_app = True
control_socket_disable = True


def post_worker_init(worker):
    """Each worker opens its first database connection before its first request."""
    from meetings.site.warm_up import connect

    connect(worker.wsgi)
