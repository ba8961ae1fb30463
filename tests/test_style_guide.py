"""The design system's page and its colours: every text colour of the stylesheet reaches
WCAG AA contrast (4.5:1) on each background it is written on, and the style guide shows
each component with those ratios."""

from __future__ import annotations

import lxml.html

from meetings.site.design import colour_tokens, contrast, text_pairs


def test_every_text_colour_reaches_aa_on_its_backgrounds(app):
    with app.app_context():
        tokens = colour_tokens()
        pairs = text_pairs()

    assert {"ink", "muted", "paper", "canvas", "brand", "error"} <= set(tokens)
    assert [(p.text, p.background, p.ratio) for p in pairs if not p.passes] == []
    assert len(pairs) > 15


def test_contrast_is_wcags_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic near miss
    assert contrast("#1f5f8b", "#1f5f8b") == 1.0


def test_style_guide_shows_the_components_to_an_admin(people, login_as):
    page = login_as(people.admin).get("/style-guide")
    document = lxml.html.fromstring(page.text)
    sections = [" ".join(h.text_content().split()) for h in document.xpath("//main//h2")]

    assert page.status_code == 200
    assert sections == [
        "Colours and contrast",
        "Type",
        "Buttons",
        "Tags for states",
        "Messages",
        "Error summary tied to fields",
        "Summary list",
        "Table (cards below 640 px)",
        "Empty state",
        "Lock with an explicit step",
        "Workflow steps",
    ]
    assert "below AA" not in page.text
    assert login_as(people.member).get("/style-guide").status_code == 403
