"""Working-group meetings: agendas, invitations, calendar feeds and minutes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

#: The project folder; the instance folder sits beside the package, as in development.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints and CLI commands."""
    instance_path = (
        (config or {}).get("INSTANCE_PATH")
        or os.environ.get("MEETINGS_INSTANCE_PATH")
        or str(PROJECT_ROOT / "instance")
    )
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )

    from .input import InputRequest

    app.request_class = InputRequest

    from .config import load_config

    load_config(app, config)
    from .input import SecureCookiesOverHttps

    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)  # type: ignore[method-assign]
    if proxies := int(app.config["PROXY_COUNT"]):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )

    from . import models  # noqa: F401  (registers every table on the metadata)
    from .db import IdConverter, configure_engine, render_migration_item
    from .page_cache import clock as page_cache_clock

    # Before any route is added: every <int:…> of an address is a row's id.
    app.url_map.converters["int"] = IdConverter
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .i18n import select_locale, select_timezone

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, int(app.config["SQLITE_BUSY_TIMEOUT"] * 1000))
        page_cache_clock.watch(db.engine)
    from .search.models import include_name

    migrate.init_app(
        app,
        db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
        # The databases' full-text structure of the search index is no model's.
        include_name=include_name,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    from .throttle import storage as _counters  # noqa: F401  (registers meetings-db://)

    limiter.init_app(app)
    login_manager.init_app(app)

    from .links import IdConverter

    # Before the blueprints: their rules take the converter when they are added.
    app.url_map.converters["int"] = IdConverter

    from .agenda.views import bp as agenda_bp
    from .api.views import bp as api_bp
    from .auth.views import bp as auth_bp
    from .correspondence.views import bp as correspondence_bp
    from .events.views import bp as events_bp
    from .groups.views import bp as groups_bp
    from .ical.views import bp as ical_bp
    from .invitations.views import bp as invitations_bp
    from .minutes.views import bp as minutes_bp
    from .notifications.views import bp as notifications_bp
    from .polls.views import bp as polls_bp
    from .reminders.views import bp as reminders_bp
    from .scheduling.views import bp as scheduling_bp
    from .search.views import bp as search_bp
    from .site.views import bp as site_bp
    from .site.views import (
        register_error_handlers,
        register_security_headers,
        register_template_helpers,
    )
    from .transfer.views import bp as transfer_bp
    from .venues.views import bp as venues_bp
    from .webhooks.views import bp as webhooks_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(groups_bp)
    app.register_blueprint(scheduling_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(minutes_bp)
    app.register_blueprint(correspondence_bp)
    app.register_blueprint(venues_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(ical_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(polls_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(webhooks_bp)
    app.register_blueprint(transfer_bp)
    register_error_handlers(app)
    register_security_headers(app)
    register_template_helpers(app)

    from .signals import connect_reactions

    connect_reactions()

    from .mail.jobs import init_jobs

    init_jobs(app)

    from .cli import register_commands

    # Every flush keeps the search index in step: an after_flush listener, connected once.
    from .search import indexing  # noqa: F401

    register_commands(app)
    return app
