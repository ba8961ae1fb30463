"""The design system's colour tokens, read from the stylesheet itself (its ``:root``
block), with the contrast each text colour has on the backgrounds it is used on: what the
style guide shows, and what a test holds to WCAG AA."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import current_app

#: Text colours and the backgrounds they are written on (their pairs must reach 4.5:1).
TEXT_ON = {
    "ink": ("paper", "canvas"),
    "muted": ("paper", "canvas"),
    "brand": ("paper", "canvas", "info-bg"),
    "brand-dark": ("paper", "info-bg"),
    "ok": ("paper", "ok-bg"),
    "warn": ("paper", "warn-bg"),
    "error": ("paper", "error-bg"),
}
#: White text on these (the header, buttons).
WHITE_ON = ("brand", "brand-dark", "error")
AA = 4.5


@dataclass(frozen=True)
class Pair:
    text: str
    background: str
    text_hex: str
    background_hex: str
    ratio: float

    @property
    def passes(self) -> bool:
        return self.ratio >= AA


def colour_tokens() -> dict[str, str]:
    """``--name: #rrggbb`` of the stylesheet's :root block, in order."""
    return _tokens(Path(current_app.static_folder or "static") / "css" / "app.css")


@cache
def _tokens(stylesheet: Path) -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", stylesheet.read_text(encoding="utf-8"), re.S)
    found = re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root.group(1) if root else "")
    return dict(found)


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_pairs() -> list[Pair]:
    """Every text colour on every background it is used on, white text included."""
    tokens = colour_tokens() | {"white": "#ffffff"}
    pairs = [(text, bg) for text, backgrounds in TEXT_ON.items() for bg in backgrounds]
    pairs += [("white", bg) for bg in WHITE_ON]
    return [
        Pair(text, bg, tokens[text], tokens[bg], round(contrast(tokens[text], tokens[bg]), 2))
        for text, bg in pairs
    ]
