"""The editor's live preview: a text as the minutes will show it, rendered and sanitised
by the same code as the minutes; for those who may edit them; nothing saved."""

from __future__ import annotations

from meetings.minutes import services

from .conftest import page


def test_preview_renders_markdown_and_drops_scripts(liberec, login_as):
    url = f"/meetings/{liberec.meeting.id}/minutes/preview"
    text = (
        "**Rozhodnutí:** skupina souhlasí.\n\n- první bod\n- druhý bod\n\n<script>alert(1)</script>"
    )

    response = login_as(liberec.people.assistant).post(url, data={"text": text})

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "<strong>Rozhodnutí:</strong> skupina souhlasí." in html
    assert "<li>první bod</li>" in html
    assert "<script" not in html
    assert services.current_minutes(liberec.meeting) is None  # nothing was saved


def test_preview_is_refused_to_a_member(liberec, login_as):
    url = f"/meetings/{liberec.meeting.id}/minutes/preview"

    response = login_as(liberec.people.member).post(url, data={"text": "Text"})

    assert response.status_code == 403
    assert "Text" not in page(response)
