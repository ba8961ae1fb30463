"""The minutes' page says where they stand once: the workflow steps with the current one
marked (not a state badge in the header, again in the status card), and its dates in
words."""

from __future__ import annotations

import lxml.html

from meetings.extensions import db


def _texts(page: str, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in lxml.html.fromstring(page).xpath(xpath)]


def test_the_steps_mark_the_approved_minutes_and_the_approval_is_dated_in_words(
    seed_minutes, people, login_as
):
    people.member.locale = "cs"
    db.session.flush()

    page = login_as(people.member).get(f"/meetings/{seed_minutes.meeting.id}/minutes").text

    assert _texts(page, "//ol[@class='steps']/li") == [
        "Koncept",
        "Předloženo ke schválení",
        "Schváleno",
        "Zveřejněno",
    ]
    assert _texts(page, "//ol[@class='steps']/li[@aria-current='step']") == ["Schváleno"]
    assert _texts(page, "//*[@id='approval']") == ["Jana Předsedová, 27. března 2018 14:00"]
    # The state is named once on the page (the steps), not in the header and a status row.
    assert len(_texts(page, "//main//*[@data-state]")) == 1
