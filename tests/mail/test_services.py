"""Mail leaves the app through send_message and the outbox: as .eml files by default, or
via SMTP."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask

from meetings.mail.services import compose, deliver_due, render_email, send_message


@pytest.fixture
def mail_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "mail"
    monkeypatch.setitem(app.config, "MAIL_DIR", str(directory))
    monkeypatch.setitem(app.config, "SMTP_HOST", "")
    return directory


def test_send_message_without_smtp_host_writes_eml_file(db_session, mail_dir: Path):
    send_message(compose("Jana Předsedová <chair@example.org>", "Pozvánka", "Dobrý den,\nprogram."))
    deliver_due()

    files = list(mail_dir.glob("*.eml"))
    assert len(files) == 1
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["To"] == "Jana Předsedová <chair@example.org>"
    assert parsed["From"] == "meetings@meetings.test"
    assert parsed["Subject"] == "Pozvánka"
    assert parsed["Message-ID"].endswith("@meetings.test>")
    assert parsed["Date"] is not None
    assert parsed.get_content() == "Dobrý den,\nprogram.\n"


def test_send_message_file_names_sort_by_time(db_session, mail_dir: Path):
    for n in range(3):
        send_message(compose("a@example.org", f"Message {n}", "text"))
    deliver_due()

    names = sorted(p.name for p in mail_dir.glob("*.eml"))
    subjects = [
        message_from_bytes((mail_dir / name).read_bytes(), policy=policy.default)["Subject"]
        for name in names
    ]
    assert subjects == ["Message 0", "Message 1", "Message 2"]
    assert [p.name for p in mail_dir.iterdir() if not p.name.endswith(".eml")] == []


def test_send_message_with_smtp_host_delivers_to_server(db_session, smtp_server):
    send_message(
        compose(
            "member@example.org",
            "Zápis z jednání",
            "Text",
            html="<p>Text</p>",
            reply_to="assistant@example.org",
        )
    )

    [received] = smtp_server.wait_for(1)
    assert received["To"] == "member@example.org"
    assert received["Subject"] == "Zápis z jednání"
    assert received["Reply-To"] == "assistant@example.org"
    assert received.get_content_type() == "multipart/alternative"
    assert received.get_body(("html",)).get_content().splitlines() == ["<p>Text</p>"]
    assert received.get_body(("plain",)).get_content().splitlines() == ["Text"]


def test_send_message_fills_missing_headers(db_session, mail_dir: Path):
    from email.message import EmailMessage

    message = EmailMessage()
    message["To"] = "a@example.org"
    message["Subject"] = "Bare"
    message.set_content("text")
    send_message(message)
    deliver_due()

    [path] = mail_dir.glob("*.eml")
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert parsed["From"] == "meetings@meetings.test"
    assert parsed["Message-ID"] is not None
    assert parsed["Date"] is not None


def test_compose_subject_is_one_line(app: Flask):
    with app.app_context():
        message = compose("a@example.org", "First line\nsecond line ", "text")
    assert message["Subject"] == "First line second line"


def test_render_email_renders_subject_text_and_html_outside_requests(app: Flask):
    with app.app_context():
        content = render_email(
            "password_reset",
            "cs",
            name="Jana",
            link="http://meetings.test/auth/reset/abc",
            hours=2,
            site_name="Working groups",
        )
    # Rendered in the recipient's language (Czech), not the request's.
    assert content["subject"] == "Nastavení nového hesla v systému Working groups"
    assert "http://meetings.test/auth/reset/abc" in content["text"]
    assert '<a href="http://meetings.test/auth/reset/abc">' in content["html"]
