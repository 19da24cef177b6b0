"""Every catalog is complete: no empty translation, placeholders kept, plural forms right."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "tracker" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalog(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=language)


def template_ids() -> set:
    with (TRANSLATIONS / "messages.pot").open("rb") as file:
        return {message.id for message in read_po(file) if message.id}


@pytest.mark.parametrize("language", ["uk", "be", "ru"])
def test_catalog_translates_every_message(language):
    messages = [message for message in catalog(language) if message.id]
    assert {message.id for message in messages} >= template_ids(), "run `make messages` after adding strings"
    empty = [
        message.id
        for message in messages
        if not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    assert empty == [], f"{len(empty)} untranslated in {language}: {empty[:5]}"
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert fuzzy == [], f"fuzzy entries in {language}: {fuzzy[:5]}"


@pytest.mark.parametrize("language", ["uk", "be", "ru"])
def test_translations_keep_their_placeholders(language):
    problems = []
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            # A plural form may leave out %(num)s (e.g. "one" spelt out), but must not invent names.
            if not found <= expected or (not isinstance(message.id, tuple) and found != expected):
                problems.append((message.id, text))
    assert problems == []


@pytest.mark.parametrize("language", ["uk", "be", "ru"])
def test_plural_entries_have_three_forms(language):
    for message in catalog(language):
        if isinstance(message.id, tuple):
            assert len(message.string) == 3, message.id
