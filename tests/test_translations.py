"""Every catalog complete and well formed, read as the app reads it: no untranslated and
no fuzzy entry, each translation with the placeholders of its English text and with every
plural form the language needs, and the texts with a context (pgettext) and plurals
(ngettext) rendered in each language from the compiled catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import ngettext, pgettext

from meetings.i18n import force_locale

PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
CATALOGS = Path(__file__).resolve().parents[1] / "meetings" / "translations"
LANGUAGES = ["cs", "sk", "hu", "lv"]


def _catalog(language: str):
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def _name(message) -> str:
    text = message.id if isinstance(message.id, str) else message.id[0]
    return f"[{message.context}] {text}" if message.context else text


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entry(language):
    catalog = _catalog(language)
    entries = [m for m in catalog if m.id]

    untranslated = [
        _name(m)
        for m in entries
        if not m.string or (isinstance(m.string, tuple) and not all(m.string))
    ]
    fuzzy = [_name(m) for m in entries if m.fuzzy]
    wrong_plurals = [
        _name(m) for m in entries if m.pluralizable and len(m.string) != catalog.num_plurals
    ]
    broken = [(_name(m), [str(e) for e in errors]) for m, errors in catalog.check()]

    assert len(entries) > 500
    assert untranslated == []
    assert fuzzy == []
    assert wrong_plurals == []
    assert broken == []  # placeholders the English text has and the translation lacks


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_and_context_texts_render_in_each_language(app, language):
    catalog = _catalog(language)
    plurals = [m for m in catalog if m.id and m.pluralizable and "%(num)" in m.id[0]]
    in_context = [m for m in catalog if m.id and m.context]

    with app.test_request_context(), force_locale(language):
        for message in plurals:
            singular, plural = message.id
            others = {
                name: 7 if kind == "d" else "X"
                for name, kind in PLACEHOLDER.findall(plural)
                if name != "num"
            }
            for n in (0, 1, 2, 5, 21, 101):
                rendered = ngettext(singular, plural, n, **others)
                forms = {form % {"num": n, **others} for form in message.string}
                assert rendered in forms, (_name(message), n, rendered)
        for message in in_context:
            assert pgettext(message.context, message.id) == message.string, _name(message)

    assert plurals
    assert in_context


def test_latvian_tells_published_agenda_and_minutes_apart(app):
    with app.test_request_context(), force_locale("lv"):
        agenda = pgettext("agenda", "Published")
        minutes = pgettext("minutes", "Published")

    assert (agenda, minutes) == ("Publicēta", "Publicēts")
