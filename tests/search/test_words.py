"""Folding words for the index, reading a search, and highlighting what it found."""

from __future__ import annotations

import pytest

from meetings.search.words import fold, highlight, index_terms, parse_query, snippet


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zahájení KULATÉHO stolu", "zahajeni kulateho stolu"),  # cs
        ("Okrúhly stôl, ľudia, ŕ", "okruhly stol, ludia, r"),  # sk
        ("Határozat, ŐSZ, Ünnep", "hatarozat, osz, unnep"),  # hu
        ("Sanāksme, Ķekava, ĢIMENE, ŅEMT", "sanaksme, kekava, gimene, nemt"),  # lv
        ("Straße", "strasse"),
        ("e\u0301 (decomposed)", "e (decomposed)"),
    ],
)
def test_fold_drops_case_and_diacritics_in_every_language(text, folded):
    assert fold(text) == folded


def test_index_terms_are_the_folded_words_of_title_and_body():
    assert index_terms("10. setkání", "Místo: ANNOLK_2/6") == "10 setkani misto annolk 2 6"


def test_parse_query_quotes_every_word_for_both_databases():
    query = parse_query('kulatého "stolu" OR NEAR(*')

    assert query.words == ("kulateho", "stolu", "or", "near")
    assert query.fts5() == '"kulateho" AND "stolu" AND "or" AND "near"*'
    assert query.tsquery() == "'kulateho' & 'stolu' & 'or' & 'near':*"


def test_parse_query_of_no_words_is_none():
    assert parse_query(' "*:-() ') is None


def test_highlight_marks_the_words_in_the_original_and_escapes_the_rest():
    query = parse_query("kulateho stol")

    assert str(highlight("<b>Zahájení</b> kulatého stolu & dál", query)) == (
        "&lt;b&gt;Zahájení&lt;/b&gt; <mark>kulatého</mark> <mark>stolu</mark> &amp; dál"
    )
    # A letter with its accent written as a second character is marked whole.
    assert str(highlight("kulate\u0301ho", query)) == "<mark>kulate\u0301ho</mark>"


def test_snippet_is_a_window_around_the_first_match():
    text = " ".join(f"slovo{n}" for n in range(100)) + " Határozat " + "konec " * 100
    shown = str(snippet(text, parse_query("hatarozat"), width=80))

    assert shown.startswith("…slovo")
    assert "<mark>Határozat</mark>" in shown
    assert shown.endswith("…")
    assert len(shown) < 140
