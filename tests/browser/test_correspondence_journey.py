"""Issue 16 acceptance (decisions by correspondence): in the browser, the demo assistant of
the Liberec group puts a proposal to its three voting members; the member and the chair
vote through the links in their e-mail (read from the live server's SMTP server, opened
in browsers of their own, without signing in); the clock is moved past the deadline (the
closing job is run with a later ``now``); the vote's page then shows the result and its
decision number, the decision is in the group's register of decisions marked per rollam,
and the signed PDF record downloads: it names who voted how, and its signature holds.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from meetings.correspondence import jobs
from meetings.correspondence.enums import Result, VoteState
from meetings.correspondence.models import CorrespondenceVote
from meetings.db import writer_transactions
from meetings.documents.signing import SigningKey
from meetings.extensions import db

from ..minutes_publishing.conftest import trusting
from .conftest import sign_in, use_language, wait_for_mail
from .test_every_page import DESKTOP, _check

GROUP = "Odborná pracovní skupina Sociální služby"
PROPOSAL = (
    "Pracovní skupina schvaluje, že rozšířené setkání (kulatý stůl) k sociálnímu podnikání "
    "se uskuteční v IQ Landii v Liberci."
)
EXPLANATION = "Termín je třeba potvrdit partnerům do konce týdne."
LINK = re.compile(r"http://127\.0\.0\.1:\d+/votes/ballot/\S+")


def _text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _ballot_link(live_server, address: str, title: str) -> str:
    """The voting link in the proposal mailed to ``address``."""
    [message] = wait_for_mail(
        live_server.mail,
        lambda m: (
            title in str(m["Subject"]) and any(a.addr_spec == address for a in m["To"].addresses)
        ),
        what=f"the proposal to {address}",
    )
    return LINK.search(_text_part(message)).group(0)


def _vote_by_link(browser, live_server, link: str, button: str) -> None:
    """A voting member opens the link in a browser of their own (not signed in), votes.
    The page the link opens is checked as every page is (it is reached from mail only)."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=DESKTOP, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    expect(page.get_by_text(PROPOSAL)).to_be_visible()
    assert _check(page) == []
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text(f"Your vote “{button}” has been recorded.")).to_be_visible()
    expect(page.locator("#my-ballot")).to_contain_text(button)
    context.close()


def _signature(data: bytes, trusted):
    """pyHanko's verdict on the record's signature, with the site's certificate trusted.
    pyHanko runs its own event loop: away from the one Playwright runs in this thread."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    def validate():
        reader = PdfFileReader(io.BytesIO(data))
        return validate_pdf_signature(reader.embedded_signatures[0], trusted)

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate).result()


def _vote(app, title: str) -> CorrespondenceVote:
    with app.app_context():
        vote = db.session.scalars(
            select(CorrespondenceVote).where(CorrespondenceVote.title == title)
        ).one()
        db.session.expunge(vote)
        return vote


def test_a_proposal_decided_by_correspondence(browser, live_server, page):
    title = f"Místo rozšířeného setkání {uuid.uuid4().hex[:8]}"

    # The assistant puts the proposal to the group's voting members.
    sign_in(page, "assistant@demo.example")
    use_language(page, "en")
    page.goto("/groups/")
    page.get_by_role("link", name=GROUP).first.click()
    page.get_by_role("link", name="New vote by correspondence").click()
    expect(page.get_by_text("Put to 3 voting members")).to_be_visible()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Proposed resolution").fill(PROPOSAL)
    page.get_by_label("Explanation (optional)").fill(EXPLANATION)
    # The deadline offered: a week ahead at noon, in the group's zone (Prague).
    page.get_by_label("Deadline: time").fill("12:00")
    page.get_by_role("button", name="Send the proposal to the voting members").click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.get_by_text("The proposal has been sent to the 3 voting members.")).to_be_visible()
    expect(page.locator("[data-vote-state=open]").first).to_be_visible()
    vote_url = page.url

    # Two members vote through the links in their e-mail, without signing in.
    member_link = _ballot_link(live_server, "member@demo.example", title)
    chair_link = _ballot_link(live_server, "chair@demo.example", title)
    assert member_link != chair_link
    _vote_by_link(browser, live_server, member_link, "For")
    _vote_by_link(browser, live_server, chair_link, "Against")

    # The assistant sees who has voted; the vote stays open (her ballot could decide it).
    page.goto(vote_url)
    expect(page.locator("#turnout")).to_have_text("2 of 3 voting members have voted so far.")
    expect(page.locator("#voted-list")).to_contain_text("Petr Svoboda")
    expect(page.locator("#voted-list")).to_contain_text("Jana Dvořáková")
    expect(page.locator("#waiting-list")).to_contain_text("Eva Nováková")
    vote = _vote(live_server.app, title)
    assert vote.state == VoteState.OPEN

    # The clock moves past the deadline: the closing job closes it; the job queue's worker
    # makes its signed record (run here, as the huey consumer would).
    after = vote.deadline_at + dt.timedelta(minutes=1)
    with live_server.app.app_context(), writer_transactions():
        assert jobs.close_votes(now=after) == 1
        assert jobs.make_record(vote.id) is True
    vote = _vote(live_server.app, title)
    year = after.astimezone(ZoneInfo("Europe/Prague")).year
    assert (vote.state, vote.result) == (VoteState.CLOSED, Result.REJECTED)
    assert re.fullmatch(rf"PR/{year}/\d+", vote.decision_label)

    # The vote's page shows the result and the decision's number.
    page.goto(vote_url)
    expect(page.locator("#decision-number")).to_have_text(vote.decision_label)
    result = page.locator("#result")
    expect(result).to_contain_text("Not adopted")
    expect(result).to_contain_text(f"Decision {vote.decision_label}")
    expect(result.locator("#votes-for")).to_have_text("1")
    expect(result.locator("#votes-against")).to_have_text("1")
    ballots = page.locator("#ballots")
    expect(ballots.get_by_role("row", name=re.compile("Petr Svoboda"))).to_contain_text("For")
    expect(ballots.get_by_role("row", name=re.compile("Jana Dvořáková"))).to_contain_text("Against")
    expect(ballots.get_by_role("row", name=re.compile("Eva Nováková"))).to_contain_text(
        "Did not vote"
    )

    # The decision is in the group's register of decisions, marked per rollam.
    result.get_by_role("link", name="Register of decisions").click()
    row = page.locator("table.decisions-register tbody tr", has_text=vote.decision_label)
    expect(row).to_contain_text(PROPOSAL)
    expect(row).to_contain_text("1 / 1 / 0")
    expect(row.locator("[data-per-rollam]")).to_have_text("per rollam")
    row.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)

    # The signed record downloads: who voted how, and a signature that holds.
    href = page.get_by_role("link", name="Record (PDF)").get_attribute("href")
    response = page.request.get(href)
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    data = response.body()
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )
    assert title in text
    assert vote.decision_label in text
    # The group keeps its records in Czech.
    assert re.search(r"Petr Svoboda .*?Pro\b", text)
    assert re.search(r"Jana Dvořáková .*?Proti\b", text)
    assert re.search(r"Eva Nováková .*?Nehlasovala", text)
    assert "Nepřijato" in text
    with live_server.app.app_context():
        trusted = trusting(SigningKey.from_config())
    status = _signature(data, trusted)
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.coverage.name == "ENTIRE_FILE"

    # The voting members are told the result.
    told = wait_for_mail(
        live_server.mail,
        lambda m: title in str(m["Subject"]) and "Výsledek" in str(m["Subject"]),
        what="the result",
    )
    assert told != []
