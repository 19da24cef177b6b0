"""Records letters may and may not go to, and a helper that reads a suggestion off the letter page."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.prisoners.models import EventKind

HELD = [(EventKind.DETENTION, date(2022, 3, 1))]


@pytest.fixture
def today() -> date:
    return datetime.now(UTC).date()


@pytest.fixture
def make_writable(make_prisoner, slug_of):
    """A named person held now with a postal address letters may go to -> slug."""

    def make(name_en: str = "Ales Writable", **fields) -> str:
        fields.setdefault("postal_address", f"ИК-1, {name_en}, Минск")
        return slug_of(make_prisoner(name_en, timeline=fields.pop("timeline", HELD), **fields))

    return make


@pytest.fixture
def private_records(make_prisoner, today) -> dict[str, str]:
    """One record of each kind no letter output may show, each with a text to look for -> {kind: needle}.

    All of them have a birthday this week, so any birthday list would pick them up.
    """
    birthday = date(1980, today.month, min(today.day, 28))
    records = {
        "not named": {"name_en": "Hanna Notnamed", "name_withheld": True, "postal_address": "ИК-4 Notnamed"},
        "hidden address": {"name_en": "Ihar Hiddenaddress", "address_hidden": True, "postal_address": "ИК-5 Hidden"},
        "held-back release": {
            "name_en": "Maryja Heldback",
            "postal_address": "ИК-6 Heldback",
            "timeline": [*HELD, (EventKind.RELEASE, today - timedelta(days=3), False)],
        },
        "kept off lists": {"name_en": "Pavel Keptoff", "kept_off_lists": True, "postal_address": "ИК-7 Keptoff"},
        "letters not advised": {"name_en": "Raman Noletters", "letters_not_advised": True, "postal_address": "ИК-8 No"},
        "released": {
            "name_en": "Siarhei Released",
            "postal_address": "ИК-9 Released",
            "timeline": [*HELD, (EventKind.RELEASE, today - timedelta(days=30))],
        },
    }
    needles = {}
    for kind, fields in records.items():
        name = fields.pop("name_en")
        make_prisoner(name, birth_date=birthday, timeline=fields.pop("timeline", HELD), **fields)
        needles[kind] = fields["postal_address"] if kind == "hidden address" else name
    return needles


@pytest.fixture
def suggestion_on():
    """The suggestion token and the suggested person's page link, read off a letter page."""

    def read(page: str) -> tuple[str, str]:
        token = re.search(r'id="suggestion" name="suggestion" type="hidden" value="([^"]+)"', page).group(1)
        slug = re.search(r'href="/prisoners/([a-z0-9]+)"', page).group(1)
        return token, slug

    return read
