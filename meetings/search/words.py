"""Words as the search index sees them: folded (no case, no diacritics), and found again in
the original text to highlight them.

Why the text is folded here, in Python, rather than by the databases: the index is SQLite
FTS5 on the embedded default and PostgreSQL full-text search in production. SQLite's
``unicode61`` tokenizer can drop diacritics (``remove_diacritics 2``), PostgreSQL needs the
``unaccent`` extension (a superuser installs it; its rules differ from SQLite's). Folding
once, in Python, before a text goes into the index and before a query is run, makes both
databases see the same words: "kulatého" → "kulateho", "Határozat" → "hatarozat",
"sanāksme" → "sanaksme", "ŠKOLA" → "skola", "Straße" → "strasse". The same function finds the
matches again in the original text for the highlighted snippets, so what is highlighted is
exactly what was found.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

#: A word: letters and digits of any script (what FTS5's unicode61 tokenizer keeps
#: together); everything else, the underscore included, separates words.
WORD = re.compile(r"[^\W_]+")
#: Most characters of a text that go into the index (a longer text is indexed up to here:
#: PostgreSQL's tsvector has a size limit, and nobody searches page 40 of one minutes).
MAX_INDEXED = 100_000


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The text without case and diacritics (NFKD, combining marks dropped, casefolded)."""
    return "".join(_fold_char(c) for c in text)


def words(text: str | None) -> list[str]:
    """The folded words of a text, in order."""
    return WORD.findall(fold(text or ""))


def index_terms(*texts: str | None) -> str:
    """What the full-text index reads for a document: its folded words, space-separated."""
    return " ".join(w for text in texts for w in words((text or "")[:MAX_INDEXED]))


@dataclass(frozen=True)
class Query:
    """A search as typed, turned into words; the last may be the beginning of a word."""

    words: tuple[str, ...]
    #: The last word also finds longer words it begins ("stol" → "stolu").
    prefix: bool

    def matches(self, word: str) -> bool:
        """Does a folded word of a text match the query?"""
        if word in self.words:
            return True
        return self.prefix and word.startswith(self.words[-1])

    def fts5(self) -> str:
        """The SQLite FTS5 MATCH expression: every word, each a quoted string (so that
        ``OR``, ``NEAR``, ``"`` or ``*`` typed by someone are words, never syntax)."""
        parts = [f'"{w}"' for w in self.words]
        if self.prefix:
            parts[-1] += "*"
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """The PostgreSQL ``to_tsquery('simple', …)`` text: every word, quoted."""
        parts = [f"'{w}'" for w in self.words]
        if self.prefix:
            parts[-1] += ":*"
        return " & ".join(parts)


#: Words a search uses at most (more would only slow the index down).
MAX_WORDS = 10
#: The shortest last word also matched as a beginning of longer words.
PREFIX_FROM = 2


def parse_query(text: str) -> Query | None:
    """The words of a search (at most MAX_WORDS, repeated ones once); None if it has none."""
    found: list[str] = []
    for word in words(text):
        if word not in found:
            found.append(word)
    if not found:
        return None
    found = found[:MAX_WORDS]
    return Query(tuple(found), prefix=len(found[-1]) >= PREFIX_FROM)


# --- highlighting ----------------------------------------------------------------------------


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, where it came from in ``text``."""
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        origin.extend([i] * len(piece))
    return "".join(folded), origin


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of every word that matches the query."""
    folded, origin = _folded_with_positions(text)
    spans = []
    for found in WORD.finditer(folded):
        if not query.matches(found.group()):
            continue
        start = origin[found.start()]
        end = origin[found.end() - 1] + 1
        # Combining marks written after a letter belong to the word.
        while end < len(text) and not _fold_char(text[end]) and unicodedata.combining(text[end]):
            end += 1
        spans.append((start, end))
    return spans


def _marked(text: str, spans: list[tuple[int, int]], offset: int = 0) -> Markup:
    out = []
    position = offset
    for start, end in spans:
        out.append(escape(text[position:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def highlight(text: str | None, query: Query) -> Markup:
    """The whole (short) text, HTML-escaped, with the matching words in <mark>."""
    text = text or ""
    return _marked(text, match_spans(text, query))


def snippet(text: str | None, query: Query, width: int = 240) -> Markup:
    """About ``width`` characters of the text around its first match (its beginning when
    nothing matches), HTML-escaped, with the matching words in <mark>."""
    text = " ".join((text or "").split())
    spans = match_spans(text, query)
    if not spans:
        start = 0
    else:
        start = max(0, spans[0][0] - width // 3)
        if start:
            # Start at a word's beginning.
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (spans[0][1] if spans else start) else end
    shown = [(s, e) for s, e in spans if s >= start and e <= end]
    result = _marked(text[:end], shown, offset=start)
    if start:
        result = Markup("…") + result
    if end < len(text):
        result = result + Markup("…")
    return result
