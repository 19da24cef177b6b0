"""Records letters may and may not go to, and a helper that reads a suggestion off the letter page."""

import re
from datetime import UTC, date, datetime

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
def suggestion_on():
    """The suggestion token and the suggested person's page link, read off a letter page."""

    def read(page: str) -> tuple[str, str]:
        token = re.search(r'id="suggestion" name="suggestion" type="hidden" value="([^"]+)"', page).group(1)
        slug = re.search(r'href="/prisoners/([a-z0-9]+)"', page).group(1)
        return token, slug

    return read
