"""The application shell: configuration, languages, error pages."""

from __future__ import annotations

import stat

import pytest

from meetings import create_app


def test_secret_key_generated_into_instance_on_first_run(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == app.config["SECRET_KEY"]
    assert len(app.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_config_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text('SITE_NAME = "Pakt"\nSMTP_PORT = 2525\n')
    monkeypatch.setenv("MEETINGS_SMTP_PORT", "587")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SITE_NAME"] == "Pakt"
    assert app.config["SMTP_PORT"] == 587


def test_config_embedded_sqlite_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("MEETINGS_DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/meetings.sqlite"


def test_config_postgres_url_uses_psycopg3(tmp_path):
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "postgresql://meetings@db/meetings"}
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://meetings@db/meetings"


def test_sqlite_pragmas_wal_foreign_keys_busy_timeout(app):
    from meetings.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return  # PostgreSQL run: nothing SQLite-specific to check
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 60000


def test_unknown_url_gets_404_page_in_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert 'class="site-header"' in page
    assert 'href="/groups/"' in page


def test_locale_follows_accept_language(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "cs,en;q=0.5"})
    assert '<html lang="cs">' in response.get_data(as_text=True)


def test_locale_person_preference_beats_browser(people, login_as):
    people.member.locale = "hu"
    client = login_as(people.member)
    response = client.get("/no/such/page", headers={"Accept-Language": "cs"})
    assert '<html lang="hu">' in response.get_data(as_text=True)


def test_language_choice_remembered_for_visitor(client):
    response = client.post("/language", data={"language": "lv", "next": "/events"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/events"
    page = client.get("/no/such/page", headers={"Accept-Language": "cs"})
    assert '<html lang="lv">' in page.get_data(as_text=True)


def test_language_choice_saved_on_account(people, login_as, db_session):
    client = login_as(people.member)
    client.post("/language", data={"language": "sk", "next": "/"})
    assert people.member.locale == "sk"


def test_language_choice_refuses_foreign_redirect(client):
    response = client.post("/language", data={"language": "cs", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_language_form_needs_csrf_token(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/language", data={"language": "cs"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_pages_carry_security_headers(client):
    response = client.get("/events")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "script-src 'self';" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_behind_one_proxy_the_visitors_address_and_scheme_are_used(tmp_path, app):
    from flask import request, request_finished

    from meetings.mail.jobs import init_jobs

    proxied = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "JOBS_BACKEND": "memory",
            "PROXY_COUNT": 1,
        }
    )
    init_jobs(app)  # the job queue is one per process: back to the suite's app
    seen = []

    def record(sender, response, **extra):
        seen.append((request.remote_addr, request.scheme, request.host))

    headers = {
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "meetings.example.org",
    }
    with request_finished.connected_to(record, proxied):
        proxied.test_client().get(
            "/ping", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"}
        )
    with request_finished.connected_to(record, app):
        app.test_client().get("/ping", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})

    assert seen == [
        ("203.0.113.7", "https", "meetings.example.org"),
        ("10.0.0.2", "http", "localhost"),
    ]


def test_https_base_url_makes_cookies_secure(tmp_path):
    common = {"INSTANCE_PATH": str(tmp_path), "JOBS_BACKEND": "memory"}
    served = create_app({**common, "BASE_URL": "https://m.example.org"})
    plain = create_app({**common, "BASE_URL": "http://127.0.0.1:5000"})

    assert served.config["SESSION_COOKIE_SECURE"] is True
    assert served.config["REMEMBER_COOKIE_SECURE"] is True
    assert plain.config["SESSION_COOKIE_SECURE"] is False


def test_postgres_sessions_run_without_jit(app):
    from meetings.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return  # SQLite run: nothing PostgreSQL-specific to check
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW jit").scalar() == "off"


def test_postgres_url_gets_jit_off_unless_asked(tmp_path):
    common = {"INSTANCE_PATH": str(tmp_path), "JOBS_BACKEND": "memory"}
    url = "postgresql://meetings@db/meetings"
    default = create_app({**common, "DATABASE_URL": url})
    with_jit = create_app({**common, "DATABASE_URL": url, "POSTGRES_JIT": True})

    options = default.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["options"] == "-c jit=off"
    assert "connect_args" not in with_jit.config["SQLALCHEMY_ENGINE_OPTIONS"]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/meetings/100000000000000000000"),
        ("GET", "/venues/100000000000000000000"),
        ("GET", "/organisations/2147483648"),
        ("POST", "/tasks/100000000000000000000/status"),
        ("POST", "/venues/100000000000000000000/archive"),
    ],
)
def test_ids_larger_than_any_table_holds_are_not_found(login_as, people, method, url):
    client = login_as(people.admin)

    assert client.open(url, method=method).status_code == 404


def test_https_setting_makes_cookies_secure(tmp_path):
    common = {"INSTANCE_PATH": str(tmp_path), "JOBS_BACKEND": "memory"}
    served = create_app({**common, "HTTPS": True, "BASE_URL": "http://127.0.0.1:5000"})
    assert served.config["SESSION_COOKIE_SECURE"] is True
    assert served.config["REMEMBER_COOKIE_SECURE"] is True
    assert served.config["PREFERRED_URL_SCHEME"] == "https"


def test_cookies_set_behind_an_https_proxy_are_secure(app, client, people, monkeypatch):
    """Behind a proxy that says the visitor came over HTTPS, the session and remember-me
    cookies of a sign-in carry Secure, with no setting but the proxy count."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from .auth.helpers import sign_in

    # What PROXY_COUNT=1 installs (see test_behind_one_proxy_…), on the suite's app.
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1))
    assert not app.config["SESSION_COOKIE_SECURE"]
    response = sign_in(
        client,
        "member@example.org",
        remember=True,
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
    )
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=", 1)[0] for c in cookies} >= {"session", "remember_token"}
    assert all("; Secure" in c for c in cookies)

    plain = sign_in(app.test_client(), "member@example.org")
    assert plain.headers.getlist("Set-Cookie")
    assert not any("; Secure" in c for c in plain.headers.getlist("Set-Cookie"))


def test_nightly_upkeep_tells_the_planner_how_many_meetings_there_are(app, people):
    """Without statistics SQLite walks whole tables where an index would do."""
    from sqlalchemy import func, select, text

    from meetings.extensions import db
    from meetings.scheduling.models import Meeting
    from meetings.site import jobs

    from . import factories

    for day in range(1, 13):
        factories.make_meeting(people.group, factories.local_time("Europe/Prague", 2031, 1, day))
    meetings = db.session.scalar(select(func.count()).select_from(Meeting))

    jobs.refresh_planner_statistics.call_local()

    if db.engine.dialect.name == "sqlite":
        stat = db.session.execute(
            text(
                "SELECT stat FROM sqlite_stat1"
                " WHERE tbl = 'meetings' AND idx = 'ix_meetings_group_id'"
            )
        ).scalar_one()
        known = int(stat.split()[0])
    else:
        known = db.session.execute(
            text("SELECT reltuples FROM pg_class WHERE relname = 'meetings'")
        ).scalar_one()
    assert known == meetings


def test_site_name_is_translated_unless_the_installation_sets_one(tmp_path, monkeypatch):
    monkeypatch.delenv("MEETINGS_SITE_NAME", raising=False)

    def title_and_brand(app, language: str) -> tuple[str, str]:
        import lxml.html

        page = app.test_client().get("/events", headers={"Accept-Language": language}).text
        document = lxml.html.fromstring(page)
        return document.findtext(".//title"), document.xpath("string(//a[@class='brand'])")

    default = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/a.db", "INSTANCE_PATH": str(tmp_path / "a")}
    )
    named = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path}/b.db",
            "INSTANCE_PATH": str(tmp_path / "b"),
            "SITE_NAME": "Pakt zaměstnanosti",
        }
    )
    for app in (default, named):
        with app.app_context():
            from meetings.extensions import db

            db.create_all()

    assert title_and_brand(default, "hu")[1] == "Munkacsoportok"
    assert title_and_brand(default, "lv")[1] == "Darba grupas"
    assert title_and_brand(default, "en")[1] == "Working groups"
    assert title_and_brand(named, "hu")[1] == "Pakt zaměstnanosti"
    assert title_and_brand(named, "cs")[0].endswith("· Pakt zaměstnanosti")
