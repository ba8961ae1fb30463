"""Text people write (descriptions, goals, minutes): Markdown rendered, then sanitised."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in the source is not passed through; nh3 cleans whatever Markdown produces.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render_markdown(text: str | None) -> Markup:
    """Markdown as safe HTML; empty text gives empty markup."""
    if not text:
        return Markup("")
    # Sanitised by nh3 (an allow-list of tags and attributes, safe URL schemes only).
    return Markup(nh3.clean(_markdown.render(text)))  # noqa: S704
