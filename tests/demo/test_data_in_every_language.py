"""Every public page in Belarusian, Ukrainian and Russian shows the demo data in that language.

The test walks the public pages from the home page and looks for the English text of every record
field that has a translation into the page's language: none may appear.
"""

from collections import deque
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tracker.core.translations import SOURCE_LANGUAGE, Translatable
from tracker.dates.models import CommemorativeDate
from tracker.demo.data import load_demo_data
from tracker.extensions import db
from tracker.reminders.models import ReminderPage

PUBLIC_PREFIXES = ("/prisoners", "/dates", "/reminders", "/counts", "/events", "/guidance")
NOT_PAGES = ("/manage", "/moderation", "/photo", "/subscribe", "/new", "/embed", "/widget", "/requests")
NOT_PAGE_ENDINGS = (".ics", ".atom", ".json", ".csv", ".svg", ".png", ".jpg", ".xml")
MAX_PAGES = 400


class _Page(HTMLParser):
    """The links of a page and the text a reader sees (attribute values such as option values are not text)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.text: list[str] = []
        self.attribute_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.found.append(attributes["href"])
        # Read aloud or shown as a tooltip, so they count as text.
        self.attribute_text += [attributes[name] or "" for name in ("title", "alt", "aria-label") if name in attributes]

    def handle_data(self, data):
        self.text.append(data)


def _public_page(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path
    if parts.netloc or not path.startswith("/") or path.endswith(NOT_PAGE_ENDINGS):
        return False
    if any(part in path for part in NOT_PAGES):
        return False
    return path == "/" or path.startswith(PUBLIC_PREFIXES)


def walk(client, language: str) -> dict[str, str]:
    """The text of every public page reachable from the home page, in `language`, by address."""
    client.set_cookie("lang", language)
    pages: dict[str, str] = {}
    queue = deque(["/"])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or response.mimetype != "text/html":
            pages[url] = ""
            continue
        page = _Page()
        page.feed(response.get_data(as_text=True))
        pages[url] = " ".join([*page.text, *page.attribute_text])
        queue.extend(link.split("#")[0] for link in page.found if _public_page(link))
    return pages


def english_text_with_translation(language: str) -> dict[str, str]:
    """English text of each record field that has a translation into `language`, with where it comes from."""
    needles = {}
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if not issubclass(model, Translatable) or not model.translated_fields:
            continue
        for record in db.session.scalars(select(model)):
            for field in model.translated_fields:
                english = record.texts(field).get(SOURCE_LANGUAGE, "")
                if english.strip() and record.translation(field, language):
                    for line in english.splitlines():
                        if line.strip():
                            needles[line.strip()] = f"{model.__name__} {record.id}.{field}"
    return needles


@pytest.fixture
def demo_site(app):
    """The demo data, with the reminder page for next 21 May published."""
    now = datetime.now(UTC)
    with app.app_context():
        load_demo_data(now.date())
        solidarity = db.session.scalar(select(CommemorativeDate).where(CommemorativeDate.slug == "day-of-solidarity"))
        year = solidarity.next_occurrence(now.date()).year
        db.session.add(ReminderPage(date_id=solidarity.id, year=year, published_at=now - timedelta(days=1)))
        db.session.commit()
    return app


@pytest.mark.parametrize("language", ["be", "uk", "ru"])
def test_public_pages_show_no_english_data_text_that_has_a_translation(demo_site, client, language):
    pages = walk(client, language)
    assert len(pages) > 40, "the walk should reach the lists, records, dates, reminders and events"
    assert any("/reminders/day-of-solidarity/" in url for url in pages)
    with demo_site.app_context():
        needles = english_text_with_translation(language)
    assert {"Penal colony No. 17, Shklov", "Day of Solidarity with Belarusian political prisoners"} <= set(needles)
    assert "U.S. Department of State (Secretary Antony Blinken)" in needles
    found = [f"{needles[needle]} on {url}" for url, body in pages.items() for needle in needles if needle in body]
    assert found == [], "\n".join(found)
